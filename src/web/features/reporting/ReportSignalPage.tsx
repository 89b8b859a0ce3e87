import './reporting.css';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link as RouterLink, useLocation } from 'react-router';
import { EXPLOITATION_FORMS, SOURCE_CONTEXTS, VICTIM_INVOLVED, type ExploitationForm, type SourceContext, type VictimInvolved } from '../../../shared/domain.js';
import { signalInput } from '../../../shared/api/signal.js';
import { LIMITS } from '../../../shared/limits.js';
import { api } from '../../api/client.js';
import type { Colleague, CreatedSignal } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import {
  Alert,
  Button,
  CheckboxField,
  ChoiceGroup,
  ErrorSummary,
  Fieldset,
  Heading,
  Link,
  ListItem,
  Paragraph,
  SelectField,
  TextArea,
  TextField,
  UnorderedList,
} from '../../ui/index.js';
import { todayIso } from './format.js';
import { Repeater } from './Repeater.js';
// Issue 6.3: the indicators of the chosen forms to tick.
import { IndicatorChecklist } from '../indicators/IndicatorChecklist.js';
import { MyLiaison } from '../directory/MyLiaison.js';

interface PersonDraft {
  key: number;
  fullName: string;
  role: string;
  email: string;
  phone: string;
  birthDate: string;
}
interface OrganisationDraft {
  key: number;
  name: string;
  kvkNumber: string;
}
interface AddressDraft {
  key: number;
  postcode: string;
  houseNumber: string;
  addition: string;
}

interface Draft {
  onBehalfOfUserId: string;
  observedOn: string;
  observedTime: string;
  place: string;
  explanation: string;
  exploitationForms: ExploitationForm[];
  acuteDanger: boolean;
  victimInvolved: VictimInvolved;
  sourceContext: SourceContext | '';
  persons: PersonDraft[];
  organisations: OrganisationDraft[];
  addresses: AddressDraft[];
}

interface Sent extends CreatedSignal {
  acuteDanger: boolean;
  /** Display name of the colleague reported for, if any. */
  forName: string | null;
}

function emptyDraft(): Draft {
  return {
    onBehalfOfUserId: '',
    observedOn: todayIso(),
    observedTime: '',
    place: '',
    explanation: '',
    exploitationForms: [],
    acuteDanger: false,
    victimInvolved: 'unknown',
    sourceContext: '',
    persons: [],
    organisations: [],
    addresses: [],
  };
}

/** The request body as the API expects it; empty strings are dropped later by compact(). */
function toPayload(draft: Draft): unknown {
  const strip = <T extends { key: number }>({ key: _key, ...rest }: T) => rest;
  return {
    ...draft,
    persons: draft.persons.map(strip),
    organisations: draft.organisations.map(strip),
    addresses: draft.addresses.map(({ key: _key, houseNumber, ...rest }) => {
      const trimmed = houseNumber.trim();
      // Digits become a number; anything else stays a string so that the schema reports it.
      return { ...rest, houseNumber: /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed };
    }),
  };
}

let nextKey = 1;

/**
 * `/melden`. After sending, the confirmation shows until the user navigates to
 * `/melden` again ("Nog een signaal melden" or the menu), which gives a fresh
 * form. Hash changes from the error summary links must not reset the form, so
 * the form is keyed on the send, not on the location.
 */
export function ReportSignalPage() {
  const location = useLocation();
  const [sent, setSent] = useState<{ signal: Sent; locationKey: string } | null>(null);
  if (sent && sent.locationKey === location.key) return <Confirmation sent={sent.signal} />;
  return <ReportForm key={sent?.locationKey ?? 'first'} onSent={(signal) => setSent({ signal, locationKey: location.key })} />;
}

function ReportForm({ onSent }: { onSent(signal: Sent): void }) {
  const t = useT();
  const user = useUser();
  const form = useFormSubmit();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  // Issue 7.2: one key per form, kept when the same form is sent again (after a lost answer), new for the next report.
  const [idempotencyKey] = useState(newIdempotencyKey);
  // Issue 6.3: ticked indicators, kept apart from the draft and added to the request.
  const [indicatorIds, setIndicatorIds] = useState<string[]>([]);
  const isLiaison = user.role === 'liaison';
  const colleagues = useResource<Colleague[]>(isLiaison ? '/api/department/colleagues' : null);

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((d) => ({ ...d, [field]: value }));

  function updateItem<K extends 'persons' | 'organisations' | 'addresses'>(list: K, index: number, patch: Partial<Draft[K][number]>) {
    setDraft((d) => ({ ...d, [list]: d[list].map((item, i) => (i === index ? { ...item, ...patch } : item)) }));
  }
  function removeItem(list: 'persons' | 'organisations' | 'addresses', index: number) {
    setDraft((d) => ({ ...d, [list]: d[list].filter((_, i) => i !== index) }));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const created = await form.submit(signalInput, { ...(toPayload(draft) as object), indicatorIds }, (data) => api.post<CreatedSignal>('/api/signals', data, { 'idempotency-key': idempotencyKey }));
    if (created) {
      const forName = draft.onBehalfOfUserId ? colleagues.data?.find((c) => c.id === draft.onBehalfOfUserId)?.displayName ?? null : null;
      onSent({ ...created, acuteDanger: draft.acuteDanger, forName });
    }
  }

  const today = todayIso();
  const err = form.errorFor;

  return (
    <Page title={t('reporting.form.title')} intro={t('reporting.form.intro')}>
      <Paragraph className="mr-report-note">
        {t('reporting.form.requiredNote')} {t('reporting.form.privacy')}
      </Paragraph>
      {/* Issue 6.3: what trafficking is, the route and whom to contact. */}
      <Paragraph>
        <Link to="/wat-is-mensenhandel">{t('ind.check.infoLink')}</Link>
      </Paragraph>
      {/* Issue 6.4: the liaison of the reporter's own department. */}
      <MyLiaison />
      <form onSubmit={onSubmit} noValidate className="mr-stack mr-report-form">
        <ErrorSummary title={t('app.formErrors')} errors={form.errors} />

        {isLiaison && colleagues.error ? <Alert type="warning">{t('reporting.form.colleaguesError')}</Alert> : null}
        {isLiaison && colleagues.data?.length ? (
          <SelectField
            name="onBehalfOfUserId"
            label={t('reporting.form.onBehalf')}
            description={t('reporting.form.onBehalfHint')}
            placeholder={t('reporting.form.onBehalfSelf', { name: user.displayName })}
            options={colleagues.data.map((c) => ({ value: c.id, label: c.displayName }))}
            value={draft.onBehalfOfUserId}
            onChange={(e) => set('onBehalfOfUserId', e.target.value)}
            error={err('onBehalfOfUserId')}
          />
        ) : null}

        <section className="mr-report-section" aria-labelledby="report-what">
          <Heading level={2} id="report-what">
            {t('reporting.form.section.what')}
          </Heading>
          <div className="mr-field-row">
            <TextField
              name="observedOn"
              type="date"
              required
              max={today}
              label={t('reporting.form.observedOn')}
              description={t('reporting.form.observedOnHint')}
              value={draft.observedOn}
              onChange={(e) => set('observedOn', e.target.value)}
              error={err('observedOn')}
            />
            <TextField
              name="observedTime"
              type="time"
              label={t('reporting.form.observedTime')}
              optionalText={t('app.optional')}
              value={draft.observedTime}
              onChange={(e) => set('observedTime', e.target.value)}
              error={err('observedTime')}
            />
          </div>
          <TextField
            name="place"
            label={t('reporting.form.place')}
            optionalText={t('app.optional')}
            description={t('reporting.form.placeHint')}
            autoComplete="off"
            value={draft.place}
            onChange={(e) => set('place', e.target.value)}
            error={err('place')}
          />
          <TextArea
            name="explanation"
            aria-required="true"
            rows={7}
            label={t('reporting.form.explanation')}
            description={t('reporting.form.explanationHint')}
            value={draft.explanation}
            onChange={(e) => set('explanation', e.target.value)}
            error={err('explanation')}
          />
        </section>

        <section className="mr-report-section" aria-labelledby="report-assessment">
          <Heading level={2} id="report-assessment">
            {t('reporting.form.section.assessment')}
          </Heading>
          <ChoiceGroup
            name="exploitationForms"
            multiple
            legend={t('reporting.form.forms')}
            description={t('reporting.form.formsHint')}
            options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
            value={draft.exploitationForms}
            onChange={(v) => set('exploitationForms', v)}
            error={err('exploitationForms')}
          />
          {/* Issue 6.3: what the reporter saw, from the list of the chosen form(s). */}
          <IndicatorChecklist forms={draft.exploitationForms} value={indicatorIds} onChange={setIndicatorIds} errors={form.errors} />
          <Fieldset legend={t('reporting.form.acute')}>
            <CheckboxField
              name="acuteDanger"
              label={t('reporting.form.acuteLabel')}
              description={t('reporting.form.acuteHint')}
              checked={draft.acuteDanger}
              onChange={(e) => set('acuteDanger', e.target.checked)}
              error={err('acuteDanger')}
            />
            {draft.acuteDanger ? (
              <div className="mr-acute-warning">
                <Alert type="warning">{t('reporting.form.acuteWarning')}</Alert>
              </div>
            ) : null}
          </Fieldset>
          <ChoiceGroup
            name="victimInvolved"
            multiple={false}
            legend={t('reporting.form.victim')}
            description={t('reporting.form.victimHint')}
            options={VICTIM_INVOLVED.map((v) => ({ value: v, label: t(`victim.${v}`) }))}
            value={[draft.victimInvolved]}
            onChange={(v) => set('victimInvolved', v[0] ?? 'unknown')}
            error={err('victimInvolved')}
          />
          <SelectField
            name="sourceContext"
            label={t('reporting.form.source')}
            optionalText={t('app.optional')}
            placeholder={t('reporting.form.sourcePlaceholder')}
            options={SOURCE_CONTEXTS.map((s) => ({ value: s, label: t(`source.${s}`) }))}
            value={draft.sourceContext}
            onChange={(e) => set('sourceContext', e.target.value as SourceContext | '')}
            error={err('sourceContext')}
          />
        </section>

        <section className="mr-report-section" aria-labelledby="report-who">
          <Heading level={2} id="report-who">
            {t('reporting.form.section.who')}
          </Heading>
          <Paragraph>{t('reporting.form.whoIntro')}</Paragraph>

          <Repeater
            name="persons"
            legend={t('reporting.form.persons')}
            items={draft.persons}
            max={LIMITS.maxPersons}
            itemLegend={(n) => t('reporting.form.person', { n })}
            addLabel={t('reporting.form.personAdd')}
            removeLabel={(n) => t('reporting.form.personRemove', { n })}
            maxText={t('reporting.form.maxReached', { max: LIMITS.maxPersons })}
            error={err('persons')}
            firstField="fullName"
            onAdd={() => set('persons', [...draft.persons, { key: nextKey++, fullName: '', role: '', email: '', phone: '', birthDate: '' }])}
            onRemove={(i) => removeItem('persons', i)}
          >
            {(p, i) => (
              <>
                <TextField name={`persons.${i}.fullName`} required autoComplete="off" label={t('reporting.form.person.fullName')} value={p.fullName} onChange={(e) => updateItem('persons', i, { fullName: e.target.value })} error={err(`persons.${i}.fullName`)} />
                <TextField name={`persons.${i}.role`} autoComplete="off" label={t('reporting.form.person.role')} optionalText={t('app.optional')} description={t('reporting.form.person.roleHint')} value={p.role} onChange={(e) => updateItem('persons', i, { role: e.target.value })} error={err(`persons.${i}.role`)} />
                <div className="mr-field-row">
                  <TextField name={`persons.${i}.email`} type="email" autoComplete="off" spellCheck={false} label={t('reporting.form.person.email')} optionalText={t('app.optional')} value={p.email} onChange={(e) => updateItem('persons', i, { email: e.target.value })} error={err(`persons.${i}.email`)} />
                  <TextField name={`persons.${i}.phone`} type="tel" className="utrecht-textbox--tel-nl-size" autoComplete="off" label={t('reporting.form.person.phone')} optionalText={t('app.optional')} value={p.phone} onChange={(e) => updateItem('persons', i, { phone: e.target.value })} error={err(`persons.${i}.phone`)} />
                </div>
                <TextField name={`persons.${i}.birthDate`} type="date" max={today} autoComplete="off" label={t('reporting.form.person.birthDate')} optionalText={t('app.optional')} value={p.birthDate} onChange={(e) => updateItem('persons', i, { birthDate: e.target.value })} error={err(`persons.${i}.birthDate`)} />
              </>
            )}
          </Repeater>

          <Repeater
            name="organisations"
            legend={t('reporting.form.organisations')}
            items={draft.organisations}
            max={LIMITS.maxOrganisations}
            itemLegend={(n) => t('reporting.form.organisation', { n })}
            addLabel={t('reporting.form.organisationAdd')}
            removeLabel={(n) => t('reporting.form.organisationRemove', { n })}
            maxText={t('reporting.form.maxReached', { max: LIMITS.maxOrganisations })}
            error={err('organisations')}
            firstField="name"
            onAdd={() => set('organisations', [...draft.organisations, { key: nextKey++, name: '', kvkNumber: '' }])}
            onRemove={(i) => removeItem('organisations', i)}
          >
            {(o, i) => (
              <div className="mr-field-row">
                <TextField name={`organisations.${i}.name`} required autoComplete="off" label={t('reporting.form.organisation.name')} value={o.name} onChange={(e) => updateItem('organisations', i, { name: e.target.value })} error={err(`organisations.${i}.name`)} />
                <TextField name={`organisations.${i}.kvkNumber`} inputMode="numeric" autoComplete="off" className="mr-input-kvk" label={t('reporting.form.organisation.kvkNumber')} optionalText={t('app.optional')} value={o.kvkNumber} onChange={(e) => updateItem('organisations', i, { kvkNumber: e.target.value })} error={err(`organisations.${i}.kvkNumber`)} />
              </div>
            )}
          </Repeater>

          <Repeater
            name="addresses"
            legend={t('reporting.form.addresses')}
            items={draft.addresses}
            max={LIMITS.maxAddresses}
            itemLegend={(n) => t('reporting.form.address', { n })}
            addLabel={t('reporting.form.addressAdd')}
            removeLabel={(n) => t('reporting.form.addressRemove', { n })}
            maxText={t('reporting.form.maxReached', { max: LIMITS.maxAddresses })}
            error={err('addresses')}
            firstField="postcode"
            onAdd={() => set('addresses', [...draft.addresses, { key: nextKey++, postcode: '', houseNumber: '', addition: '' }])}
            onRemove={(i) => removeItem('addresses', i)}
          >
            {(a, i) => (
              <div className="mr-field-row">
                <TextField name={`addresses.${i}.postcode`} required className="utrecht-textbox--postal-code-nl-size" autoComplete="off" spellCheck={false} label={t('reporting.form.address.postcode')} value={a.postcode} onChange={(e) => updateItem('addresses', i, { postcode: e.target.value })} error={err(`addresses.${i}.postcode`)} />
                <TextField name={`addresses.${i}.houseNumber`} required className="utrecht-textbox--house-number-size" inputMode="numeric" autoComplete="off" label={t('reporting.form.address.houseNumber')} value={a.houseNumber} onChange={(e) => updateItem('addresses', i, { houseNumber: e.target.value })} error={err(`addresses.${i}.houseNumber`)} />
                <TextField name={`addresses.${i}.addition`} className="utrecht-textbox--house-addition-size" autoComplete="off" label={t('reporting.form.address.addition')} optionalText={t('app.optional')} value={a.addition} onChange={(e) => updateItem('addresses', i, { addition: e.target.value })} error={err(`addresses.${i}.addition`)} />
              </div>
            )}
          </Repeater>
        </section>

        {form.message ? <Alert type="error">{form.message}</Alert> : null}
        <div className="mr-report-submit">
          <Button type="submit" variant="primary" busy={form.busy}>
            {t('reporting.form.submit')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

function Confirmation({ sent }: { sent: Sent }) {
  const t = useT();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    window.scrollTo(0, 0);
    panel.current?.focus();
  }, []);

  return (
    <Page title={t('reporting.done.title')}>
      <div className="mr-stack">
        <div ref={panel} tabIndex={-1} className="mr-confirmation">
          <Alert type="ok">
            <Paragraph>
              {t('reporting.done.number')}{' '}
              <Link to={`/signalen/mijn/${sent.id}`} className="mr-confirmation__number">
                {sent.number}
              </Link>
            </Paragraph>
            {sent.forName ? <Paragraph>{t('reporting.done.forColleague', { name: sent.forName })}</Paragraph> : null}
          </Alert>
        </div>
        {sent.acuteDanger ? <Alert type="warning">{t('reporting.done.acute')}</Alert> : null}
        <Heading level={2}>{t('reporting.done.next')}</Heading>
        <UnorderedList>
          <ListItem>{t('reporting.done.step1')}</ListItem>
          <ListItem>{sent.forName ? t('reporting.done.step2colleague', { name: sent.forName }) : t('reporting.done.step2')}</ListItem>
          <ListItem>{t('reporting.done.step3')}</ListItem>
          <ListItem>{t('reporting.done.step4')}</ListItem>
        </UnorderedList>
        <div className="mr-confirmation__links">
          <RouterLink to="/signalen/mijn" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action">
            {t('reporting.done.toMine')}
          </RouterLink>
          <RouterLink to="/melden" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action">
            {t('reporting.done.another')}
          </RouterLink>
        </div>
      </div>
    </Page>
  );
}

/**
 * A random UUID (version 4) for the Idempotency-Key. `crypto.randomUUID` exists only in secure contexts
 * (HTTPS, localhost); `getRandomValues` everywhere.
 */
function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
