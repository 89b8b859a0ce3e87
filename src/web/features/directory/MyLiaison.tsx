import type { z } from 'zod';
import type { myLiaison } from '../../../shared/api/directory.js';
import { useResource } from '../../api/use-resource.js';
import { useT } from '../../i18n/i18n.js';
import { Heading, Paragraph } from '../../ui/index.js';
import { useFormat } from '../reporting/format.js';
import './directory.css';

type MyLiaisonData = z.output<typeof myLiaison>;

/**
 * On the signal form: the liaison (taakaccenthouder) of the reporter's own department, their
 * availability, and the monthly trafficking meeting. Quiet when it cannot be loaded: the form
 * works without it.
 */
export function MyLiaison() {
  const t = useT();
  const f = useFormat();
  const { data } = useResource<MyLiaisonData>('/api/directory/my-liaison');
  if (!data) return null;
  const meeting = data.network.meeting;
  return (
    <section className="mr-card mr-liaison" aria-labelledby="my-liaison-title">
      <Heading level={2} id="my-liaison-title">
        {t('liaison.title')}
      </Heading>
      {data.liaisons.length === 0 ? (
        <Paragraph>{t('liaison.none')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('liaison.intro')}</Paragraph>
          <ul className="mr-liaison__list">
            {data.liaisons.map((l, i) => (
              <li key={i}>
                <strong>{l.displayName}</strong>
                {data.department ? <> ({data.department.name})</> : null}
                {l.availability ? <span className="mr-liaison__line">{t('liaison.availability', { availability: l.availability })}</span> : null}
                {l.away && l.awayUntil ? <span className="mr-liaison__line mr-liaison__away">{t('liaison.away', { date: f.date(l.awayUntil) })}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {meeting ? (
        <Paragraph className="mr-meta">
          {t('liaison.meeting', { meeting: meeting.name, frequency: meeting.frequency ? ` (${meeting.frequency.toLowerCase()})` : '' })}
        </Paragraph>
      ) : null}
      {data.network.note ? <Paragraph className="mr-meta">{data.network.note}</Paragraph> : null}
    </section>
  );
}
