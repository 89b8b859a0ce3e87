import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ORGANISATION_TYPES, type directory, type OrganisationType } from '../../../shared/api/directory.js';
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, ButtonGroup, DataList, Heading, Paragraph, SelectField, StatusBadge, TextField } from '../../ui/index.js';
import { HowToRefer } from './HowToRefer.js';
import './directory.css';

type Directory = z.output<typeof directory>;
type Search = { q: string; form: ExploitationForm | ''; type: OrganisationType | '' };
const EMPTY: Search = { q: '', form: '', type: '' };

function queryOf(s: Search): string {
  const params = new URLSearchParams();
  if (s.q.trim()) params.set('q', s.q.trim());
  if (s.form) params.set('form', s.form);
  if (s.type) params.set('type', s.type);
  const query = params.toString();
  return query ? `/api/directory?${query}` : '/api/directory';
}

/**
 * "Waar kan ik terecht?": every logged-in employee searches the chain partners by name or
 * description and filters by exploitation form and kind of organisation. Organisations only.
 */
export function DirectoryPage() {
  const t = useT();
  const [draft, setDraft] = useState<Search>(EMPTY);
  const [search, setSearch] = useState<Search>(EMPTY);
  const result = useResource<Directory>(queryOf(search));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSearch({ ...draft, q: draft.q.slice(0, 100) });
  }

  return (
    <Page title={t('directory.title')} intro={t('directory.intro')}>
      <Alert type="warning">{t('directory.acute')}</Alert>
      <Paragraph className="mr-meta">{t('directory.privacy')}</Paragraph>
      <form role="search" onSubmit={onSubmit} className="mr-stack" aria-label={t('directory.searchForm')}>
        <div className="mr-directory__filters">
          <TextField
            name="q"
            type="search"
            label={t('directory.search')}
            description={t('directory.searchHint')}
            maxLength={100}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
          <SelectField
            name="form"
            label={t('directory.form')}
            placeholder={t('directory.formAll')}
            options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
            value={draft.form}
            onChange={(e) => setDraft({ ...draft, form: e.target.value as ExploitationForm | '' })}
          />
          <SelectField
            name="type"
            label={t('directory.type')}
            placeholder={t('directory.typeAll')}
            options={ORGANISATION_TYPES.map((o) => ({ value: o, label: t(`orgType.${o}`) }))}
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value as OrganisationType | '' })}
          />
        </div>
        <ButtonGroup>
          <Button type="submit" variant="primary">
            {t('directory.submit')}
          </Button>
          <Button
            onClick={() => {
              setDraft(EMPTY);
              setSearch(EMPTY);
            }}
          >
            {t('directory.reset')}
          </Button>
        </ButtonGroup>
      </form>
      <Loaded resource={result}>
        {(data) => (
          <>
            <section aria-labelledby="directory-results">
              <Heading level={2} id="directory-results">
                <span role="status">{data.partners.length === 1 ? t('directory.resultsOne') : t('directory.results', { count: data.partners.length })}</span>
              </Heading>
              {data.partners.length === 0 ? <Paragraph>{t('directory.none')}</Paragraph> : null}
              <ul className="mr-directory__list">
                {data.partners.map((p) => (
                  <li key={p.id}>
                    <article className="mr-card" aria-labelledby={`partner-${p.id}`}>
                      <Heading level={3} id={`partner-${p.id}`}>
                        {p.name}
                      </Heading>
                      <p className="utrecht-paragraph mr-badges">
                        {p.organisationType ? <StatusBadge status="neutral">{t(`orgType.${p.organisationType}`)}</StatusBadge> : null}{' '}
                        {p.internal ? <StatusBadge status="active">{t('directory.internal')}</StatusBadge> : null}
                      </p>
                      {p.description ? <Paragraph>{p.description}</Paragraph> : null}
                      <DataList
                        items={[
                          { label: t('directory.forms'), value: p.exploitationForms.map((f) => t(`form.${f}`)).join(', ') || '–' },
                          ...(p.meetings.length ? [{ label: t('directory.meetingsOf'), value: p.meetings.map((m) => m.name).join('; ') }] : []),
                        ]}
                      />
                      <HowToRefer details={p.howToRefer} />
                    </article>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="directory-meetings">
              <Heading level={2} id="directory-meetings">
                {t('directory.meetings.title')}
              </Heading>
              <Paragraph>{t('directory.meetings.intro')}</Paragraph>
              <ul className="mr-directory__list">
                {data.meetings.map((m) => (
                  <li key={m.id}>
                    <article className="mr-card" aria-labelledby={`meeting-${m.id}`}>
                      <Heading level={3} id={`meeting-${m.id}`}>
                        {m.name}
                      </Heading>
                      <DataList
                        items={[
                          { label: t('directory.meeting.level'), value: `${t(`meetingLevel.${m.level}`)} · ${t(`meetingKind.${m.kind}`)}` },
                          ...(m.purpose ? [{ label: t('directory.meeting.purpose'), value: m.purpose }] : []),
                          ...(m.chair ? [{ label: t('directory.meeting.chair'), value: m.chair }] : []),
                          ...(m.frequency ? [{ label: t('directory.meeting.frequency'), value: m.frequency }] : []),
                          ...(m.partners.length ? [{ label: t('directory.meeting.partners'), value: m.partners.map((p) => p.name).join(', ') }] : []),
                          ...(m.otherParticipants ? [{ label: t('directory.meeting.others'), value: m.otherParticipants }] : []),
                        ]}
                      />
                    </article>
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
