import { useState } from 'react';
import { addEntityInput } from '../../../shared/api/entity.js';
import { ENTITY_KINDS, type EntityKind } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import type { SignalDetail } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, Heading, Link, ListTable, Paragraph, SelectField, Td, TextArea, TextField, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import { ActionDetails, StepForm, StepSection, useAction, usePrefixedForm } from './parts.js';
import { percent, reasonsText, sourceText, type Candidate, type LinkedSignals, type SignalMatches } from './linking.js';

type Decision = 'confirmed' | 'rejected';

function DecisionCell({ signalId, entityId, candidate, onDecided }: { signalId: string; entityId: string; candidate: Candidate; onDecided(decision: Decision): Promise<void> }) {
  const t = useT();
  const action = useAction();
  const where = sourceText(t, candidate.source);
  const label = candidate.entity.label;
  const decide = (decision: Decision) =>
    action.run(() => api.post(`/api/signals/${signalId}/links`, { entityId, candidateId: candidate.entity.id, decision })).then(async (ok) => {
      if (ok) await onDecided(decision);
    });
  return (
    <div className="mr-decision">
      {action.message ? <Alert type="error">{action.message}</Alert> : null}
      {candidate.decision === null ? (
        <>
          <Button variant="primary" busy={action.busy} aria-label={t('linking.confirmFull', { label, where })} onClick={() => void decide('confirmed')}>
            {t('linking.confirm')}
          </Button>
          <Button busy={action.busy} aria-label={t('linking.rejectFull', { label, where })} onClick={() => void decide('rejected')}>
            {t('linking.reject')}
          </Button>
        </>
      ) : (
        <>
          <strong>{candidate.decision === 'confirmed' ? t('linking.confirmed') : t('linking.rejected')}</strong>
          {candidate.decision === 'confirmed' ? (
            <Button variant="subtle" busy={action.busy} aria-label={t('linking.changeToRejectFull', { label, where })} onClick={() => void decide('rejected')}>
              {t('linking.changeToReject')}
            </Button>
          ) : (
            <Button variant="subtle" busy={action.busy} aria-label={t('linking.changeToConfirmFull', { label, where })} onClick={() => void decide('confirmed')}>
              {t('linking.changeToConfirm')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}

function Where({ source }: { source: Candidate['source'] }) {
  const t = useT();
  const text = sourceText(t, source);
  return source.type === 'signal' ? <Link to={`/signalen/${source.signalId}`}>{text}</Link> : <>{text}</>;
}

/** The fields of `addEntityInput` that each kind uses. */
const FIELDS: Record<EntityKind, readonly ('name' | 'birthDate' | 'postcode' | 'houseNumber' | 'addition' | 'phone' | 'email' | 'kvkNumber' | 'plate' | 'website')[]> = {
  person: ['name', 'birthDate', 'phone', 'email'],
  organisation: ['name', 'kvkNumber'],
  address: ['postcode', 'houseNumber', 'addition'],
  phone: ['phone'],
  email: ['email'],
  vehicle: ['plate'],
  website: ['website'],
};
const REQUIRED = new Set(['name', 'postcode', 'houseNumber', 'phone', 'email', 'plate', 'website']);
const NEED: Record<EntityKind, string> = { person: 'name', organisation: 'name', address: 'postcode', phone: 'phone', email: 'email', vehicle: 'plate', website: 'website' };

function AddEntityForm({ signalId, onAdded, close }: { signalId: string; onAdded(): Promise<void>; close(): void }) {
  const t = useT();
  const form = usePrefixedForm('entity');
  const [kind, setKind] = useState<EntityKind>('person');
  const [values, setValues] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const set = (field: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  async function onSubmit() {
    const fields = Object.fromEntries(FIELDS[kind].map((f) => [f, values[f] ?? '']));
    const houseNumber = fields.houseNumber?.trim();
    const value = { kind, ...fields, houseNumber: houseNumber ? (/^\d+$/.test(houseNumber) ? Number(houseNumber) : houseNumber) : '', note };
    if (await form.send(addEntityInput, value, (data) => api.post(`/api/signals/${signalId}/entities`, data))) {
      await onAdded();
      close();
    }
  }

  const isRequired = (f: string) => REQUIRED.has(f) && (NEED[kind] === f || (kind === 'address' && f === 'houseNumber'));
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('linking.add.submit')}>
      <SelectField
        name={form.name('kind')}
        label={t('linking.add.kind')}
        required
        value={kind}
        onChange={(e) => setKind(e.target.value as EntityKind)}
        options={ENTITY_KINDS.map((k) => ({ value: k, label: t(`linking.kind.${k}`) }))}
        error={form.errorFor('kind')}
      />
      {FIELDS[kind].map((f) => (
        <TextField
          key={`${kind}-${f}`}
          name={form.name(f)}
          label={t(`linking.add.${f}`)}
          description={f === 'birthDate' ? t('linking.add.birthDateHint') : f === 'website' ? t('linking.add.websiteHint') : undefined}
          required={isRequired(f)}
          optionalText={t('app.optional')}
          inputMode={f === 'houseNumber' ? 'numeric' : undefined}
          type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
          autoComplete="off"
          value={values[f] ?? ''}
          onChange={set(f)}
          error={form.errorFor(f)}
        />
      ))}
      <TextArea name={form.name('note')} label={t('linking.add.note')} optionalText={t('app.optional')} rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={form.errorFor('note')} />
    </StepForm>
  );
}

/** "Gekoppelde signalen": signals sharing a confirmed item with this one. */
export function LinkedSignalsSection({ linked, signalId }: { linked: LinkedSignals; signalId: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <StepSection id="sig-linked" className="mr-caption-hidden" title={t('linking.linked.title')}>
      <Paragraph>{t('linking.linked.intro')}</Paragraph>
      <ListTable
        caption={t('linking.linked.caption')}
        columns={[t('linking.col.signal'), t('linking.col.state'), t('linking.col.received'), t('linking.col.via')]}
        items={linked}
        empty={t('linking.linked.none')}
        row={(l) => (
          <Tr key={l.signalId}>
            <Td>
              <Link to={`/signalen/${l.signalId}`}>{l.number}</Link>
            </Td>
            <Td>
              {t(`state.${l.state}`)}
              {l.outcome ? ` (${t(`outcome.${l.outcome}`)})` : ''}
            </Td>
            <Td>{f.stampDate(l.receivedAt)}</Td>
            <Td>{l.via.join(', ')}</Td>
          </Tr>
        )}
      />
      <Paragraph>
        <Link to={`/signalen/${signalId}/netwerk`}>{t('linking.networkLink')}</Link>
      </Paragraph>
    </StepSection>
  );
}

/**
 * Step 3, "Mogelijke overeenkomsten": per item of the signal its candidates (earlier signals,
 * register records) with why they matched and a score; confirm or reject; add an item. Followed
 * by the linked signals.
 */
export function MatchesSection({ signal, onDone }: { signal: SignalDetail; onDone(message: string): Promise<void> }) {
  const t = useT();
  const matches = useResource<SignalMatches>(`/api/signals/${signal.id}/matches`);
  const linked = useResource<LinkedSignals>(`/api/signals/${signal.id}/linked`);
  const open = signal.state !== 'closed';
  const refresh = async (message: string) => {
    await Promise.all([matches.reload(), linked.reload()]);
    await onDone(message);
  };
  return (
    <>
      <StepSection id="sig-matches" className="mr-step" title={t('linking.matches.title')}>
        <Paragraph>{t('linking.matches.intro')}</Paragraph>
        <Loaded resource={matches}>
          {(m) =>
            m.entities.length === 0 ? (
              <Paragraph>{t('linking.matches.none')}</Paragraph>
            ) : (
              <>
                {(m.liveRegisters ?? [])
                  .filter((n) => n.status !== 'ok')
                  .map((n) => (
                    <Alert key={n.register} type="warning">
                      {t(`linking.live.${n.status as 'timeout' | 'unavailable' | 'limited'}`, { register: t(`linking.register.${n.register}`) })}
                    </Alert>
                  ))}
                {m.entities.map(({ entity, candidates }) => (
                  <div key={entity.id} className="mr-entity-matches mr-caption-hidden">
                    <Heading level={3}>
                      {t(`linking.kind.${entity.kind}`)}: {entity.label}
                    </Heading>
                    <ListTable
                      caption={t('linking.matches.caption', { kind: t(`linking.kind.${entity.kind}`), label: entity.label })}
                      columns={[t('linking.col.what'), t('linking.col.where'), t('linking.col.why'), t('linking.col.score'), t('linking.col.decision')]}
                      items={candidates}
                      empty={t('linking.matches.noCandidates')}
                      row={(c) => (
                        <Tr key={c.entity.id}>
                          <Td>{c.entity.label}</Td>
                          <Td>
                            <Where source={c.source} />
                          </Td>
                          <Td>{reasonsText(t, c.reasons)}</Td>
                          <Td>{percent(c.score)}</Td>
                          <Td>
                            <DecisionCell
                              signalId={signal.id}
                              entityId={entity.id}
                              candidate={c}
                              onDecided={(d) => refresh(d === 'confirmed' ? t('linking.done.confirmed') : t('linking.done.rejected'))}
                            />
                          </Td>
                        </Tr>
                      )}
                    />
                  </div>
                ))}
              </>
            )
          }
        </Loaded>
        {open ? (
          <ActionDetails summary={t('linking.add.summary')}>{(close) => <AddEntityForm signalId={signal.id} onAdded={() => refresh(t('linking.add.done'))} close={close} />}</ActionDetails>
        ) : null}
      </StepSection>
      {linked.data ? <LinkedSignalsSection linked={linked.data} signalId={signal.id} /> : null}
    </>
  );
}
