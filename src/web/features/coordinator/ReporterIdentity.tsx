import { useRef, useState } from 'react';
import { revealIdentityInput } from '../../../shared/api/signal.js';
import { api } from '../../api/client.js';
import type { RevealedIdentity, SignalDetail } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { DataList, Heading, Paragraph, TextArea, Td, Tr, ListTable } from '../../ui/index.js';
import { useFormat } from './format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from './parts.js';

type Identity = NonNullable<SignalDetail['reporter']>;

/** The reporter (and who submitted for them) as a definition list. */
export function IdentityList({ reporter, submittedBy }: { reporter: Identity | null; submittedBy: Identity | null }) {
  const t = useT();
  const person = (p: Identity) => [p.displayName, p.departmentName].filter(Boolean).join(', ');
  return (
    <DataList
      items={[
        ...(reporter
          ? [
              { label: t('coord.reporter.name'), value: reporter.displayName },
              { label: t('coord.reporter.email'), value: reporter.email ?? '–' },
              { label: t('coord.reporter.department'), value: reporter.departmentName ?? '–' },
            ]
          : []),
        ...(submittedBy ? [{ label: t('coord.reporter.submittedBy'), value: person(submittedBy) }] : []),
      ]}
    />
  );
}

function RevealForm({ signal, onRevealed }: { signal: SignalDetail; onRevealed(identity: RevealedIdentity): void }) {
  const t = useT();
  const form = usePrefixedForm('reveal');
  const [reason, setReason] = useState('');
  async function onSubmit() {
    let answer: RevealedIdentity | undefined;
    const ok = await form.send(revealIdentityInput, { reason }, async (data) => {
      answer = await api.post<RevealedIdentity>(`/api/signals/${signal.id}/reporter-identity`, data);
    });
    if (ok && answer) onRevealed(answer);
  }
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.reveal.submit')}>
      <TextArea
        name={form.name('reason')}
        label={t('coord.reveal.reason')}
        description={t('coord.reveal.reasonHint')}
        required
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={form.errorFor('reason')}
      />
    </StepForm>
  );
}

/**
 * The deputy coordinator: the reporter is hidden; "Melder tonen" asks for a reason,
 * then shows the identity in this page view only (nothing is kept client-side).
 */
export function RevealReporter({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const [identity, setIdentity] = useState<RevealedIdentity | null>(null);
  const shownRef = useRef<HTMLDivElement>(null);
  return (
    <StepSection id="sig-reporter" className="mr-reporter" title={t('coord.reveal.title')}>
      {identity ? (
        <div ref={shownRef} tabIndex={-1}>
          <Paragraph>{t('coord.reveal.shown')}</Paragraph>
          <IdentityList reporter={identity.reporter} submittedBy={identity.submittedBy} />
          <Paragraph>{t('coord.reveal.onlyThisView')}</Paragraph>
        </div>
      ) : (
        <>
          <Paragraph>{t('coord.reveal.intro')}</Paragraph>
          <ActionDetails summary={t('coord.reveal.submit')}>
            {() => (
              <RevealForm
                signal={signal}
                onRevealed={(answer) => {
                  setIdentity(answer);
                  requestAnimationFrame(() => shownRef.current?.focus());
                }}
              />
            )}
          </ActionDetails>
        </>
      )}
    </StepSection>
  );
}

/** The coordinator: who (the deputy) looked up this signal's reporter, when, and why. */
export function IdentityDisclosures({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <Heading level={3} id="sig-disclosures">
        {t('coord.disclosures.title')}
      </Heading>
      <ListTable
        items={signal.identityDisclosures}
        empty={t('coord.disclosures.none')}
        caption={t('coord.disclosures.caption', { number: signal.number })}
        columns={[t('coord.disclosures.when'), t('coord.disclosures.who'), t('coord.disclosures.reason')]}
        row={(d) => (
          <Tr key={d.id}>
            <Td>{f.stamp(d.at)}</Td>
            <Td>{d.by.displayName}</Td>
            <Td>{d.reason}</Td>
          </Tr>
        )}
      />
    </>
  );
}
