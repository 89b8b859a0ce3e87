import { useEffect, useState, type FormEvent } from 'react';
import { evaluationConclusionsInput, type EvaluationConclusionsView, type EvaluationFormat } from '../../../shared/api/evaluation.js';
import { api, ApiError, saveFile, type DownloadedFile } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ButtonGroup, FormErrors, Heading, Paragraph, SelectField, TextArea } from '../../ui/index.js';
import { useFormat } from '../coordinator/format.js';

/** GET a file (the report is a GET with the period in the query string: no personal data in it). */
async function downloadGet(url: string, fallbackName: string): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/json' } });
  } catch {
    throw new ApiError(0, 'network', 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ApiError(response.status, data?.code ?? 'error', data?.message ?? 'Er ging iets mis.');
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}

/**
 * `/evaluatie` (coordinator, deputy): choose a two-year period, write the conclusions and
 * recommendations, download the report as PDF or DOCX.
 */
export function EvaluationPage() {
  const t = useT();
  const [period, setPeriod] = useState<number | null>(null);
  const resource = useResource<EvaluationConclusionsView>(`/api/evaluation/conclusions${period === null ? '' : `?from=${period}`}`);
  return (
    <Page title={t('evaluation.title')} intro={t('evaluation.intro')}>
      <div className="mr-stack">
        <Paragraph>{t('evaluation.protection')}</Paragraph>
        <Loaded resource={resource}>
          {(data) => (
            <>
              <SelectField
                name="period"
                label={t('evaluation.period')}
                options={data.periods.map((p) => ({ value: String(p), label: t('evaluation.periodOption', { start: p, end: p + 1 }) }))}
                value={String(data.periodStart)}
                onChange={(e) => setPeriod(Number(e.target.value))}
              />
              <Editor key={data.periodStart} data={data} onSaved={resource.reload} />
              <Downloads periodStart={data.periodStart} />
            </>
          )}
        </Loaded>
      </div>
    </Page>
  );
}

function Editor({ data, onSaved }: { data: EvaluationConclusionsView; onSaved(): Promise<void> }) {
  const t = useT();
  const f = useFormat();
  const form = useFormSubmit();
  const [conclusions, setConclusions] = useState(data.conclusions ?? '');
  const [recommendations, setRecommendations] = useState(data.recommendations ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const label = t('evaluation.periodOption', { start: data.periodStart, end: data.periodStart + 1 });

  useEffect(() => setSaved(null), [conclusions, recommendations]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = { periodStart: data.periodStart, conclusions: conclusions.trim() ? conclusions : null, recommendations: recommendations.trim() ? recommendations : null };
    const result = await form.submit(evaluationConclusionsInput, value, (body) => api.put<EvaluationConclusionsView>('/api/evaluation/conclusions', body));
    if (result) {
      await onSaved();
      setSaved(t('evaluation.saved', { period: label }));
    }
  }

  return (
    <section aria-labelledby="evaluation-conclusions" className="mr-stack">
      <Heading level={2} id="evaluation-conclusions">
        {t('evaluation.conclusions.title')}
      </Heading>
      <Paragraph>{data.updatedAt ? t('evaluation.lastSaved', { when: f.stamp(data.updatedAt) }) : t('evaluation.notSaved')}</Paragraph>
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <FormErrors title={t('app.formErrors')} errors={form.errors} message={form.message} />
        <TextArea
          name="conclusions"
          label={t('evaluation.conclusions')}
          description={t('evaluation.conclusions.hint')}
          rows={8}
          value={conclusions}
          onChange={(e) => setConclusions(e.target.value)}
          error={form.errorFor('conclusions')}
        />
        <TextArea
          name="recommendations"
          label={t('evaluation.recommendations')}
          rows={6}
          value={recommendations}
          onChange={(e) => setRecommendations(e.target.value)}
          error={form.errorFor('recommendations')}
        />
        <Button type="submit" variant="primary" busy={form.busy}>
          {t('evaluation.save')}
        </Button>
        <div role="status">{saved ? <Alert type="ok">{saved}</Alert> : null}</div>
      </form>
    </section>
  );
}

function Downloads({ periodStart }: { periodStart: number }) {
  const t = useT();
  const [busy, setBusy] = useState<EvaluationFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function download(format: EvaluationFormat) {
    setError(null);
    setDone(null);
    setBusy(format);
    try {
      const file = await downloadGet(`/api/evaluation/report?from=${periodStart}&format=${format}`, `evaluatie-mensenhandel-${periodStart}-${periodStart + 1}.${format}`);
      saveFile(file);
      setDone(file.filename);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="evaluation-download" className="mr-stack">
      <Heading level={2} id="evaluation-download">
        {t('evaluation.download.title')}
      </Heading>
      <Paragraph>{t('evaluation.download.text')}</Paragraph>
      <ButtonGroup>
        <Button variant="primary" disabled={busy !== null} busy={busy === 'pdf'} onClick={() => void download('pdf')}>
          {t('evaluation.download.pdf')}
        </Button>
        <Button disabled={busy !== null} busy={busy === 'docx'} onClick={() => void download('docx')}>
          {t('evaluation.download.docx')}
        </Button>
      </ButtonGroup>
      {error ? <Alert type="error">{error}</Alert> : null}
      <div role="status">{done ? <Alert type="ok">{t('evaluation.download.done', { filename: done })}</Alert> : null}</div>
    </section>
  );
}
