import { useState, type FormEvent } from 'react';
import { accessRequestSearchInput } from '../../../shared/api/access-request.js';
import { api, ApiError, saveFile } from '../../api/client.js';
import type { AccessRequestMatch, AccessRequestSearchResult } from '../../api/types.js';
import { Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ButtonGroup, Fieldset, FormErrors, Heading, Link, ListTable, Paragraph, Td, TextField, Tr } from '../../ui/index.js';
import { todayIso, useFormat } from '../coordinator/format.js';

type Format = 'pdf' | 'json';

/**
 * `/inzageverzoek`: search a data subject's person records (POST, never in the URL),
 * choose which to include, download the redacted package as PDF or JSON.
 */
export function AccessRequestPage() {
  const t = useT();
  const f = useFormat();
  const form = useFormSubmit();
  const [criteria, setCriteria] = useState({ fullName: '', birthDate: '', email: '', phone: '' });
  const [matches, setMatches] = useState<AccessRequestMatch[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [downloading, setDownloading] = useState<Format | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const set = (field: keyof typeof criteria, value: string) => setCriteria((c) => ({ ...c, [field]: value }));

  async function onSearch(event: FormEvent) {
    event.preventDefault();
    setDownloaded(null);
    setDownloadError(null);
    const result = await form.submit(accessRequestSearchInput, criteria, (data) => api.post<AccessRequestSearchResult>('/api/access-requests/search', data));
    if (result) {
      setMatches(result.matches);
      // Sure matches are preselected; a name without a recorded date of birth is the coordinator's call.
      setSelected(new Set(result.matches.filter((m) => !m.birthDateUnknown).map((m) => m.personId)));
    }
  }

  async function onDownload(format: Format) {
    setDownloadError(null);
    setDownloaded(null);
    setDownloading(format);
    try {
      const file = await api.download('/api/access-requests/export', { personIds: [...selected], format }, `inzageverzoek-${todayIso()}.${format}`);
      saveFile(file);
      setDownloaded(file.filename);
    } catch (error) {
      setDownloadError(error instanceof ApiError || error instanceof Error ? error.message : String(error));
    } finally {
      setDownloading(null);
    }
  }

  function toggle(personId: string, on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(personId);
      else next.delete(personId);
      return next;
    });
  }

  const err = form.errorFor;
  const signalCount = matches ? new Set(matches.map((m) => m.signal.id)).size : 0;

  return (
    <Page title={t('ar.title')} intro={t('ar.intro')}>
      <div className="mr-stack">
        <Paragraph>{t('ar.explain')}</Paragraph>

        <section aria-labelledby="ar-search" className="mr-stack">
          <Heading level={2} id="ar-search">
            {t('ar.search.title')}
          </Heading>
          <Paragraph>{t('ar.search.how')}</Paragraph>
          <form onSubmit={onSearch} noValidate className="mr-stack" autoComplete="off">
            <FormErrors title={t('app.formErrors')} errors={form.errors} message={form.message} />
            <Fieldset legend={t('ar.search.byName')}>
              <TextField name="fullName" autoComplete="off" label={t('ar.search.fullName')} value={criteria.fullName} onChange={(e) => set('fullName', e.target.value)} error={err('fullName')} />
              <TextField name="birthDate" type="date" autoComplete="off" max={todayIso()} label={t('ar.search.birthDate')} value={criteria.birthDate} onChange={(e) => set('birthDate', e.target.value)} error={err('birthDate')} />
            </Fieldset>
            <Fieldset legend={t('ar.search.byContact')}>
              <TextField name="email" type="email" autoComplete="off" spellCheck={false} label={t('ar.search.email')} value={criteria.email} onChange={(e) => set('email', e.target.value)} error={err('email')} />
              <TextField name="phone" type="tel" autoComplete="off" label={t('ar.search.phone')} value={criteria.phone} onChange={(e) => set('phone', e.target.value)} error={err('phone')} />
            </Fieldset>
            <Button type="submit" variant="primary" busy={form.busy}>
              {t('ar.search.submit')}
            </Button>
          </form>
        </section>

        {matches ? (
          <section aria-labelledby="ar-results" className="mr-stack">
            <Heading level={2} id="ar-results">
              {t('ar.results.title')}
            </Heading>
            <Paragraph role="status">{matches.length ? t(signalCount === 1 ? 'ar.results.countOneSignal' : 'ar.results.count', { count: matches.length, signals: signalCount }) : t('ar.results.none')}</Paragraph>
            {matches.some((m) => m.birthDateUnknown) ? <Alert type="warning">{t('ar.results.unknownNote')}</Alert> : null}
            <ListTable
              caption={t('ar.results.caption')}
              columns={[t('ar.col.select'), t('ar.col.signal'), t('ar.col.received'), t('ar.col.state'), t('ar.col.matchedOn'), t('ar.col.birthDate')]}
              items={matches}
              row={(m) => (
                <Tr key={m.personId}>
                  <Td>
                    <input
                      type="checkbox"
                      className="utrecht-checkbox utrecht-checkbox--html-input"
                      name={`select-${m.personId}`}
                      aria-label={t('ar.select', { number: m.signal.number })}
                      checked={selected.has(m.personId)}
                      onChange={(e) => toggle(m.personId, e.target.checked)}
                    />
                  </Td>
                  <Td>
                    <Link to={`/signalen/${m.signal.id}`}>{m.signal.number}</Link>
                  </Td>
                  <Td>{f.stamp(m.signal.receivedAt)}</Td>
                  <Td>
                    {t(`state.${m.signal.state}`)}
                    {m.signal.outcome ? ` (${t(`outcome.${m.signal.outcome}`)})` : ''}
                  </Td>
                  <Td>{m.matchedOn.map((k) => t(`ar.match.${k}`)).join(', ')}</Td>
                  <Td>
                    {m.birthDateUnknown
                      ? t('ar.birthDate.unknown')
                      : m.matchedOn.includes('name_birthdate')
                        ? t('ar.birthDate.known')
                        : t('ar.birthDate.notApplicable')}
                  </Td>
                </Tr>
              )}
            />
            {matches.length ? (
              <>
                <Heading level={3}>{t('ar.download.title')}</Heading>
                <Paragraph>{selected.size ? t('ar.download.selected', { count: selected.size, total: matches.length }) : t('ar.download.noneSelected')}</Paragraph>
                <ButtonGroup>
                  <Button variant="primary" disabled={!selected.size || downloading !== null} busy={downloading === 'pdf'} onClick={() => void onDownload('pdf')}>
                    {t('ar.download.pdf')}
                  </Button>
                  <Button disabled={!selected.size || downloading !== null} busy={downloading === 'json'} onClick={() => void onDownload('json')}>
                    {t('ar.download.json')}
                  </Button>
                </ButtonGroup>
                {downloadError ? <Alert type="error">{downloadError}</Alert> : null}
                <div role="status">{downloaded ? <Alert type="ok">{t('ar.download.done', { filename: downloaded })}</Alert> : null}</div>
              </>
            ) : null}
          </section>
        ) : null}
      </div>
    </Page>
  );
}
