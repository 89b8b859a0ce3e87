import type { ReactNode } from 'react';
import type { Referral, SignalSummary, Worklist } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Heading, Link, ListTable, Paragraph, StatusBadge, Td, Tr } from '../../ui/index.js';
import { MyActionsSection } from '../meetings/MyActionsSection.js';
import { overdueText, todayIso, useFormat } from './format.js';
import { SignalTable } from './SignalTable.js';
import './coordinator.css';

/** Acute signals on top, otherwise in the server's order. */
const acuteFirst = (signals: SignalSummary[]) => [...signals].sort((a, b) => Number(b.acuteDanger) - Number(a.acuteDanger));

function Section({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: ReactNode }) {
  return (
    <section className="mr-section mr-caption-hidden" aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title} <span className="mr-count">({count})</span>
      </Heading>
      {count === 0 ? <Paragraph className="mr-empty">{empty}</Paragraph> : children}
    </section>
  );
}

function OverdueTable({ referrals }: { referrals: Referral[] }) {
  const t = useT();
  const f = useFormat();
  const today = todayIso();
  return (
    <ListTable
      caption={t('coord.worklist.overdue')}
      columns={[t('coord.col.signal'), t('coord.col.partner'), t('coord.col.dueOn'), t('coord.col.daysOverdue')]}
      items={referrals}
      row={(r) => (
        <Tr key={r.id}>
          <Td>
            <Link to={`/signalen/${r.signalId}`}>{r.signalNumber}</Link>
          </Td>
          <Td>{r.partner.name}</Td>
          <Td>{f.date(r.feedbackDueOn)}</Td>
          <Td>
            <StatusBadge status="warning">{overdueText(t, r.feedbackDueOn, today)}</StatusBadge>
          </Td>
        </Tr>
      )}
    />
  );
}

function RetentionTable({ rows }: { rows: Worklist['retentionDue'] }) {
  const t = useT();
  const f = useFormat();
  return (
    <ListTable
      caption={t('coord.worklist.retention')}
      columns={[t('coord.col.signal'), t('coord.col.outcome'), t('coord.col.anonymiseOn')]}
      items={rows}
      row={(r) => (
        <Tr key={r.id}>
          <Td>
            <Link to={`/signalen/${r.id}#sig-retention`}>{r.number}</Link>
          </Td>
          <Td>{t(`outcome.${r.outcome}`)}</Td>
          <Td>{f.date(r.anonymiseOn)}</Td>
        </Tr>
      )}
    />
  );
}

export function WorklistPage() {
  const t = useT();
  const worklist = useResource<Worklist>('/api/worklist');
  return (
    <Page title={t('coord.worklist.title')} intro={t('coord.worklist.intro')}>
      <Loaded resource={worklist}>
        {(w) => {
          const sections = [
            { id: 'new', title: t('coord.worklist.new'), count: w.newSignals.length },
            { id: 'acute', title: t('coord.worklist.acute'), count: w.acuteSignals.length },
            { id: 'overdue', title: t('coord.worklist.overdue'), count: w.overdueReferrals.length },
            { id: 'inform', title: t('coord.worklist.inform'), count: w.reporterToInform.length },
            { id: 'meeting', title: t('coord.worklist.meeting'), count: w.forMeeting.length },
            { id: 'retention', title: t('coord.worklist.retention'), count: w.retentionDue.length },
          ];
          return (
            <>
              <nav aria-label={t('coord.worklist.jump')} className="mr-jump">
                <ul className="mr-jump__list">
                  {sections.map((s) => (
                    <li key={s.id}>
                      <a className="utrecht-link" href={`#wl-${s.id}`}>
                        {s.title}: {s.count}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <Section id="wl-new" title={t('coord.worklist.new')} count={w.newSignals.length} empty={t('coord.worklist.newEmpty')}>
                <SignalTable caption={t('coord.worklist.new')} signals={acuteFirst(w.newSignals)} />
              </Section>
              <Section id="wl-acute" title={t('coord.worklist.acute')} count={w.acuteSignals.length} empty={t('coord.worklist.acuteEmpty')}>
                <SignalTable caption={t('coord.worklist.acute')} signals={w.acuteSignals} />
              </Section>
              <Section id="wl-overdue" title={t('coord.worklist.overdue')} count={w.overdueReferrals.length} empty={t('coord.worklist.overdueEmpty')}>
                <OverdueTable referrals={w.overdueReferrals} />
              </Section>
              <Section id="wl-inform" title={t('coord.worklist.inform')} count={w.reporterToInform.length} empty={t('coord.worklist.informEmpty')}>
                <SignalTable caption={t('coord.worklist.inform')} signals={w.reporterToInform} />
              </Section>
              <Section id="wl-meeting" title={t('coord.worklist.meeting')} count={w.forMeeting.length} empty={t('coord.worklist.meetingEmpty')}>
                <SignalTable caption={t('coord.worklist.meeting')} signals={w.forMeeting} />
              </Section>
              <Section id="wl-retention" title={t('coord.worklist.retention')} count={w.retentionDue.length} empty={t('coord.worklist.retentionEmpty')}>
                <RetentionTable rows={w.retentionDue} />
              </Section>
              {/* Issue 6.1: the action items from meetings that the coordinator (or deputy) owns. */}
              <MyActionsSection />
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
