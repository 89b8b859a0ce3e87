import { useCallback, useRef, useState } from 'react';
import { useParams } from 'react-router';
import type { ReferenceData, SignalDetail } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, DataList, Heading, ListItem, Paragraph, StatusBadge, UnorderedList } from '../../ui/index.js';
import { EnrichmentNotes, StepSection } from './parts.js';
import { EnrichmentRecordSection } from './EnrichmentRecord.js';
import { MatchesSection } from './MatchesSection.js';
import { useFormat } from './format.js';
import { AccessLog } from './AccessLog.js';
import { HistoryTable } from './HistoryTable.js';
import { IdentityDisclosures, IdentityList, RevealReporter } from './ReporterIdentity.js';
import { SignalContentView } from './SignalContentView.js';
import { SignalIndicatorsSection } from '../indicators/SignalIndicatorsSection.js';
import { CloseStep } from './steps/CloseStep.js';
import { LegalHold } from './steps/LegalHold.js';
import { InformStep } from './steps/InformStep.js';
import { ReferStep } from './steps/ReferStep.js';
import { FeedbackStep, ReferralCard } from './steps/ReferralCard.js';
import { RecordStep } from './steps/RecordStep.js';
import './coordinator.css';

/** The short hint at the top: what the coordinator's next step on this signal is. */
function NextStep({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const hints: string[] = [];
  const overdue = signal.referrals.filter((r) => r.overdue).length;
  if (signal.state === 'received') {
    hints.push(t('coord.next.register'));
    if (signal.acuteDanger) hints.push(t('coord.next.acute'));
  } else if (signal.state === 'registered') {
    hints.push(signal.acuteDanger ? t('coord.next.acute') : t('coord.next.refer'));
    if (signal.reporterFeedback.length > 0) hints.push(t('coord.next.close'));
  } else if (signal.state === 'referred') {
    if (overdue) hints.push(t('coord.next.overdue', { count: overdue }));
    hints.push(signal.reporterFeedback.length === 0 ? t('coord.next.inform') : t('coord.next.close'));
  }
  if (!hints.length) return null;
  return (
    <div className="mr-next">
      <Heading level={2}>{t('coord.next.title')}</Heading>
      <UnorderedList>
        {hints.map((h) => (
          <ListItem key={h}>{h}</ListItem>
        ))}
      </UnorderedList>
    </div>
  );
}

function Overview({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <p className="utrecht-paragraph mr-badges">
        <StatusBadge status={signal.state === 'closed' ? 'neutral' : 'active'}>{t(`state.${signal.state}`)}</StatusBadge>
        {signal.acuteDanger ? <StatusBadge status="danger">{t('coord.acute')}</StatusBadge> : null}
        {signal.forMeeting ? <StatusBadge status="neutral">{t('coord.forMeetingBadge')}</StatusBadge> : null}
      </p>
      <DataList
        items={[
          { label: t('coord.signal.number'), value: signal.number },
          { label: t('coord.signal.received'), value: f.stamp(signal.receivedAt) },
          { label: t('coord.signal.state'), value: `${t(`state.${signal.state}`)}${signal.outcome ? ` (${t(`outcome.${signal.outcome}`)})` : ''}` },
          { label: t('coord.signal.acute'), value: signal.acuteDanger ? t('coord.signal.acuteYes') : t('app.no') },
        ]}
      />
    </>
  );
}

function ReporterBlock({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const user = useUser();
  // The deputy coordinator sees the reporter only after giving a reason.
  if (user.role === 'deputy_coordinator') return <RevealReporter signal={signal} />;
  if (!signal.reporter && !signal.submittedBy) return null;
  return (
    <StepSection id="sig-reporter" className="mr-reporter" title={t('coord.reporter.title')}>
      <IdentityList reporter={signal.reporter} submittedBy={signal.submittedBy} />
      <IdentityDisclosures signal={signal} />
    </StepSection>
  );
}

const JUMPS = [
  ['sig-content', 'coord.jump.content'],
  ['sig-indicators', 'ind.signal.title'],
  ['step-record', 'coord.jump.record'],
  ['sig-matches', 'coord.jump.matches'],
  ['step-refer', 'coord.jump.refer'],
  ['step-feedback', 'coord.jump.feedback'],
  ['step-inform', 'coord.jump.inform'],
  ['step-close', 'coord.jump.close'],
  ['sig-history', 'coord.jump.history'],
] as const;

function CoordinatorView({ signal, onDone }: { signal: SignalDetail; onDone(message: string): Promise<void> }) {
  const t = useT();
  const user = useUser();
  const reference = useResource<ReferenceData>('/api/reference');
  const hasClose = signal.allowedActions.includes('close') || signal.allowedActions.includes('reopen');
  return (
    <>
      <NextStep signal={signal} />
      <nav aria-label={t('coord.jump.label')} className="mr-jump">
        <ul className="mr-jump__list">
          {JUMPS.filter(([id]) => id !== 'step-close' || hasClose).map(([id, key]) => (
            <li key={id}>
              <a className="utrecht-link" href={`#${id}`}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ReporterBlock signal={signal} />
      <SignalContentView signal={signal} />
      {/* Issue 6.3: the indicators ticked by the reporter, and the coordinator's own. */}
      <SignalIndicatorsSection key={signal.exploitationForms.join()} signalId={signal.id} forms={signal.exploitationForms} closed={signal.state === 'closed'} />
      <RecordStep signal={signal} onDone={onDone} reference={reference.data} />
      <MatchesSection signal={signal} onDone={onDone} />
      <EnrichmentRecordSection key={signal.history.length} signalId={signal.id} />
      <ReferStep signal={signal} onDone={onDone} reference={reference.data} />
      <FeedbackStep referrals={signal.referrals} onDone={onDone} signalClosed={signal.state === 'closed'} />
      <InformStep signal={signal} onDone={onDone} />
      <CloseStep signal={signal} onDone={onDone} />
      <LegalHold signal={signal} onDone={onDone} canChange={user.role === 'coordinator'} />
      <HistoryTable signal={signal} />
      {user.role === 'coordinator' ? <AccessLog signal={signal} /> : null}
    </>
  );
}

/** The meldcode officer: the signal read-only (no reporter), and their consultation(s) to advise on. */
function ConsultationView({ signal, onDone }: { signal: SignalDetail; onDone(message: string): Promise<void> }) {
  const t = useT();
  return (
    <>
      <StepSection id="sig-consult" className="mr-step" title={t('coord.consult.title')}>
        <Paragraph>{t('coord.consult.intro')}</Paragraph>
        <ul className="mr-cards">
          {signal.referrals.map((r) => (
            <ReferralCard key={r.id} referral={r} onDone={onDone} mode="consultation" signalClosed={signal.state === 'closed'} />
          ))}
        </ul>
      </StepSection>
      <SignalContentView signal={signal} />
      {signal.enrichmentNotes.length ? (
        <StepSection id="sig-enrichment" title={t('coord.record.enrichment')}>
          <EnrichmentNotes notes={signal.enrichmentNotes} withAuthor={false} />
        </StepSection>
      ) : null}
    </>
  );
}

export function SignalDetailPage() {
  const { id = '' } = useParams();
  // A fresh page (forms, messages) for each signal.
  return <SignalPage key={id} id={id} />;
}

function SignalPage({ id }: { id: string }) {
  const t = useT();
  const user = useUser();
  const signal = useResource<SignalDetail>(`/api/signals/${encodeURIComponent(id)}`);
  const [flash, setFlash] = useState<{ text: string; n: number } | null>(null);
  const counter = useRef(0);
  const flashRef = useRef<HTMLDivElement>(null);
  const { reload } = signal;

  const onDone = useCallback(
    async (message: string) => {
      await reload();
      counter.current += 1;
      setFlash({ text: message, n: counter.current });
      // When the control that was used is gone (the step is done), keep the keyboard user on the message.
      setTimeout(() => {
        const active = document.activeElement;
        if (!active || active === document.body || !active.isConnected) flashRef.current?.focus();
      }, 50);
    },
    [reload],
  );

  const title = signal.data ? t('coord.signal.title', { number: signal.data.number }) : t('coord.signal.titleLoading');
  return (
    <Page title={title}>
      <div className="mr-flash" role="status" ref={flashRef} tabIndex={-1}>
        {flash ? (
          <div key={flash.n} className="utrecht-alert utrecht-alert--ok mr-flash__alert">
            <div className="utrecht-alert__content">
              <div className="utrecht-alert__message">{flash.text}</div>
            </div>
            <Button variant="subtle" onClick={() => setFlash(null)}>
              {t('coord.flash.dismiss')}
            </Button>
          </div>
        ) : null}
      </div>
      {signal.error && signal.data ? <Alert type="error">{signal.error.message}</Alert> : null}
      <Loaded resource={signal.data ? { ...signal, error: undefined } : signal}>
        {(s) => (
          <>
            <Overview signal={s} />
            {user.role === 'coordinator' || user.role === 'deputy_coordinator' ? <CoordinatorView signal={s} onDone={onDone} /> : <ConsultationView signal={s} onDone={onDone} />}
          </>
        )}
      </Loaded>
    </Page>
  );
}
