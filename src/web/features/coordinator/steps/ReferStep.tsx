import { useEffect, useRef, useState } from 'react';
import { referralInput } from '../../../../shared/api/signal.js';
import { REFERRAL_CHANNELS, SHAREABLE_PARTS, type ShareablePart } from '../../../../shared/domain.js';
import { api } from '../../../api/client.js';
import type { ReferenceData, ReferralSuggestion } from '../../../api/types.js';
import { useResource } from '../../../api/use-resource.js';
import { Loaded } from '../../../app/Page.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert, ChoiceGroup, Heading, Paragraph, SelectField, StatusBadge, TextArea, TextField } from '../../../ui/index.js';
import { addDaysIso, todayIso, useFormat } from '../format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from '../parts.js';
import { SharedEnrichment } from '../EnrichmentRecord.js';
import type { StepProps } from './types.js';
import { HowToRefer, referralDetailsOf } from '../../directory/HowToRefer.js';

type Partner = ReferenceData['partners'][number];

/** Data minimisation: only the explanation is shared unless the coordinator ticks more. */
const DEFAULT_PARTS: ShareablePart[] = ['explanation'];

function ReferralForm({
  signal,
  onDone,
  close,
  reference,
  partner,
  ruleId,
  prefix,
}: StepProps & { close(): void; reference: ReferenceData; partner?: Partner | undefined; ruleId?: string; prefix: string }) {
  const t = useT();
  const f = useFormat();
  const form = usePrefixedForm(prefix);
  const [partnerId, setPartnerId] = useState(partner?.id ?? '');
  const chosen = partner ?? reference.partners.find((p) => p.id === partnerId);
  const [referredOn, setReferredOn] = useState(todayIso());
  const [channel, setChannel] = useState<string>(partner?.referralChannel ?? '');
  const [sharedParts, setSharedParts] = useState<ShareablePart[]>(DEFAULT_PARTS);
  const [sharedNote, setSharedNote] = useState('');
  // Empty means "the municipality's default term"; the field shows that default until changed.
  const [feedbackDueOn, setFeedbackDueOn] = useState('');
  const defaultDue = addDaysIso(referredOn, reference.feedbackDueDays);

  async function onSubmit() {
    const value = {
      partnerId,
      referredOn,
      channel,
      sharedParts,
      sharedNote,
      feedbackDueOn: feedbackDueOn && feedbackDueOn !== defaultDue ? feedbackDueOn : '',
      routingRuleId: ruleId ?? '',
    };
    if (await form.send(referralInput, value, (data) => api.post(`/api/signals/${signal.id}/referrals`, data))) {
      await onDone(t('coord.refer.done', { partner: chosen?.name ?? '' }));
      close();
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={chosen ? t('coord.refer.submitTo', { partner: chosen.name }) : t('coord.refer.submit')}>
      {partner ? null : (
        <SelectField
          name={form.name('partnerId')}
          label={t('coord.refer.partner')}
          required
          value={partnerId}
          onChange={(e) => {
            setPartnerId(e.target.value);
            const next = reference.partners.find((p) => p.id === e.target.value);
            if (next?.referralChannel) setChannel(next.referralChannel);
          }}
          options={reference.partners.map((p) => ({
            value: p.id,
            label: p.kind === 'internal_role' ? `${p.name} (${t('partnerKind.internal_role').toLowerCase()})` : p.name,
          }))}
          placeholder={t('coord.refer.choosePartner')}
          error={form.errorFor('partnerId')}
        />
      )}
      {/* Issue 6.2: how to refer to the chosen partner (directory: channel, contact, opening hours, secure mail). */}
      {chosen && !partner ? <HowToRefer details={referralDetailsOf(chosen)} /> : null}
      <div className="mr-row">
        <TextField
          name={form.name('referredOn')}
          type="date"
          label={t('coord.refer.referredOn')}
          required
          value={referredOn}
          onChange={(e) => setReferredOn(e.target.value)}
          error={form.errorFor('referredOn')}
        />
        <SelectField
          name={form.name('channel')}
          label={t('coord.refer.channel')}
          required
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
          options={REFERRAL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          placeholder={t('coord.refer.chooseChannel')}
          error={form.errorFor('channel')}
        />
      </div>
      <ChoiceGroup
        name={form.name('sharedParts')}
        legend={t('coord.refer.parts')}
        description={t('coord.refer.partsHint')}
        multiple
        options={SHAREABLE_PARTS.map((p) => ({ value: p, label: t(`part.${p}`) }))}
        value={sharedParts}
        onChange={setSharedParts}
        error={form.errorFor('sharedParts')}
      />
      {sharedParts.includes('enrichment') ? <SharedEnrichment signalId={signal.id} /> : null}
      <TextArea
        name={form.name('sharedNote')}
        label={t('coord.refer.note')}
        optionalText={t('app.optional')}
        rows={2}
        value={sharedNote}
        onChange={(e) => setSharedNote(e.target.value)}
        error={form.errorFor('sharedNote')}
      />
      <TextField
        name={form.name('feedbackDueOn')}
        type="date"
        label={t('coord.refer.dueOn')}
        description={t('coord.refer.dueOnHint', { days: reference.feedbackDueDays, date: f.date(defaultDue) })}
        optionalText={t('app.optional')}
        value={feedbackDueOn || defaultDue}
        onChange={(e) => setFeedbackDueOn(e.target.value)}
        error={form.errorFor('feedbackDueOn')}
      />
    </StepForm>
  );
}

const URGENCY_BADGE = { immediate: 'danger', consult_first: 'warning', normal: 'neutral' } as const;

function Suggestion(props: StepProps & { suggestion: ReferralSuggestion; reference: ReferenceData; canRefer: boolean }) {
  const t = useT();
  const { suggestion: s, reference } = props;
  const partner = reference.partners.find((p) => p.id === s.partner.id);
  const headingId = `sugg-${s.ruleId}`;
  return (
    <li className={`mr-card mr-suggestion mr-suggestion--${s.urgency}`}>
      <Heading level={3} id={headingId} className="mr-card__title">
        {s.partner.name}
      </Heading>
      <p className="utrecht-paragraph mr-badges">
        <StatusBadge status={URGENCY_BADGE[s.urgency]}>{t(`urgency.${s.urgency}`)}</StatusBadge>
        {s.alreadyReferred ? <StatusBadge status="safe">{t('coord.refer.alreadyReferred')}</StatusBadge> : null}
      </p>
      {s.urgency === 'immediate' && !s.alreadyReferred ? <Alert type="warning">{t('coord.refer.immediate')}</Alert> : null}
      <Paragraph>{s.reason}</Paragraph>
      {partner ? <HowToRefer details={referralDetailsOf(partner)} /> : null}
      {props.canRefer && partner ? (
        <ActionDetails summary={t('coord.refer.referTo', { partner: s.partner.name })}>
          {(close) => <ReferralForm {...props} close={close} partner={partner} ruleId={s.ruleId} prefix={`refer-${s.ruleId}`} />}
        </ActionDetails>
      ) : null}
    </li>
  );
}

/** Step 4: the routing rules' suggestions and a free choice of partner. */
export function ReferStep(props: StepProps & { reference: ReferenceData | undefined }) {
  const t = useT();
  const { signal, reference } = props;
  const suggestions = useResource<ReferralSuggestion[]>(`/api/signals/${signal.id}/referral-suggestions`);
  const canRefer = signal.state !== 'closed';
  // Suggestions depend on the classification and on what was referred already: fetch again when either changes.
  const basis = [signal.referrals.length, signal.content.acuteDanger, signal.content.victimInvolved, ...signal.content.exploitationForms].join('|');
  const firstBasis = useRef(basis);
  const { reload } = suggestions;
  useEffect(() => {
    if (basis === firstBasis.current) return;
    firstBasis.current = basis;
    void reload();
  }, [basis, reload]);
  return (
    <StepSection id="step-refer" className="mr-step" title={t('coord.refer.title')}>
      {signal.state === 'received' ? <Alert type="info">{t('coord.refer.registerFirst')}</Alert> : null}
      {signal.state === 'closed' ? <Paragraph>{t('coord.refer.closed')}</Paragraph> : null}
      {!canRefer ? null : reference ? (
        <Loaded resource={suggestions}>
          {(list) =>
            list.length === 0 ? (
              <Paragraph>{t('coord.refer.noSuggestions')}</Paragraph>
            ) : (
              <>
                <Paragraph>{t('coord.refer.suggestionsIntro')}</Paragraph>
                <ul className="mr-cards">
                  {list.map((s) => (
                    <Suggestion key={s.ruleId} {...props} suggestion={s} reference={reference} canRefer={canRefer} />
                  ))}
                </ul>
              </>
            )
          }
        </Loaded>
      ) : (
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      )}
      {canRefer && reference ? (
        <ActionDetails summary={t('coord.refer.free')}>
          {(close) => <ReferralForm {...props} reference={reference} close={close} prefix="refer-free" />}
        </ActionDetails>
      ) : null}
    </StepSection>
  );
}
