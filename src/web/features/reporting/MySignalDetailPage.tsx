import './reporting.css';
import { useParams } from 'react-router';
import type { OwnSignal } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { DataList, Heading, Link, ListItem, Paragraph, UnorderedList } from '../../ui/index.js';
import { useFormat } from './format.js';
import { OwnStatus } from './OwnStatus.js';

/** `/signalen/mijn/:id`: one of my signals, what I submitted and the feedback I was given. */
export function MySignalDetailPage() {
  const { id } = useParams();
  const t = useT();
  const signal = useResource<OwnSignal>(id ? `/api/my/signals/${encodeURIComponent(id)}` : null);
  return (
    <>
      <Paragraph className="mr-back">
        <Link to="/signalen/mijn">
          <span aria-hidden="true">← </span>
          {t('reporting.detail.back')}
        </Link>
      </Paragraph>
      <Page title={signal.data ? t('reporting.detail.title', { number: signal.data.number }) : t('reporting.detail.titleLoading')}>
        {signal.error?.status === 404 ? (
          <Paragraph>{t('reporting.detail.notFound')}</Paragraph>
        ) : (
          <Loaded resource={signal}>{(s) => <Detail signal={s} />}</Loaded>
        )}
      </Page>
    </>
  );
}

function Detail({ signal }: { signal: OwnSignal }) {
  const t = useT();
  const fmt = useFormat();
  const c = signal.content;
  const notGiven = <span className="mr-secondary-inline">{t('reporting.detail.notGiven')}</span>;

  return (
    <div className="mr-reporting-body">
      <DataList
        items={[
          { label: t('reporting.detail.status'), value: <OwnStatus status={signal.status} /> },
          { label: t('reporting.detail.received'), value: fmt.dateTime(signal.receivedAt) },
          ...(signal.reportedFor ? [{ label: t('reporting.detail.reportedFor'), value: signal.reportedFor }] : []),
        ]}
      />

      <section className="mr-section" aria-labelledby="detail-feedback">
        <Heading level={2} id="detail-feedback">
          {t('reporting.detail.feedback')}
        </Heading>
        {signal.feedback.length ? (
          signal.feedback.map((f, i) => (
            <div key={i} className="mr-card mr-feedback">
              <Paragraph className="mr-feedback__date">{t('reporting.detail.feedbackOn', { date: fmt.date(f.givenOn) })}</Paragraph>
              <Paragraph className="mr-feedback__text">{f.text}</Paragraph>
            </div>
          ))
        ) : (
          <Paragraph>{t('reporting.detail.noFeedback')}</Paragraph>
        )}
      </section>

      <section className="mr-section" aria-labelledby="detail-submitted">
        <Heading level={2} id="detail-submitted">
          {t('reporting.detail.submitted')}
        </Heading>
        <DataList
          items={[
            { label: t('reporting.detail.observedOn'), value: fmt.date(c.observedOn) },
            { label: t('reporting.detail.observedTime'), value: c.observedTime ?? notGiven },
            { label: t('reporting.detail.place'), value: c.place ?? notGiven },
            { label: t('reporting.detail.explanation'), value: c.explanation },
            {
              label: t('reporting.detail.forms'),
              value: c.exploitationForms.length ? c.exploitationForms.map((f) => t(`form.${f}`)).join(', ') : notGiven,
            },
            { label: t('reporting.detail.acute'), value: c.acuteDanger ? <strong>{t('app.yes')}</strong> : t('app.no') },
            { label: t('reporting.detail.victim'), value: t(`victim.${c.victimInvolved}`) },
            { label: t('reporting.detail.source'), value: c.sourceContext ? t(`source.${c.sourceContext}`) : notGiven },
          ]}
        />

        {c.persons.length ? (
          <>
            <Heading level={3}>{t('reporting.form.persons')}</Heading>
            <UnorderedList>
              {c.persons.map((p) => (
                <ListItem key={p.id}>
                  <strong>{p.fullName}</strong>
                  {[p.role, p.email, p.phone, p.birthDate ? fmt.date(p.birthDate) : null].filter(Boolean).map((v) => ` · ${v}`)}
                </ListItem>
              ))}
            </UnorderedList>
          </>
        ) : null}
        {c.organisations.length ? (
          <>
            <Heading level={3}>{t('reporting.form.organisations')}</Heading>
            <UnorderedList>
              {c.organisations.map((o) => (
                <ListItem key={o.id}>
                  <strong>{o.name}</strong>
                  {o.kvkNumber ? ` · ${t('reporting.detail.kvk', { number: o.kvkNumber })}` : null}
                </ListItem>
              ))}
            </UnorderedList>
          </>
        ) : null}
        {c.addresses.length ? (
          <>
            <Heading level={3}>{t('reporting.form.addresses')}</Heading>
            <UnorderedList>
              {c.addresses.map((a) => (
                <ListItem key={a.id}>{formatAddress(a)}</ListItem>
              ))}
            </UnorderedList>
          </>
        ) : null}
      </section>
    </div>
  );
}

/** 3411 AB 12a, 3411 AB 12-1: a letter joins the number, anything else with a hyphen. */
function formatAddress(a: OwnSignal['content']['addresses'][number]): string {
  const addition = a.addition ? (/^[A-Za-z]$/.test(a.addition) ? a.addition : `-${a.addition}`) : '';
  return `${a.postcode} ${a.houseNumber}${addition}`;
}
