import { useState, type FormEvent } from 'react';
import { REJECTED_LIST_LIMIT, type RegisterImportReport, type RegisterSummary } from '../../../shared/api/register.js';
import { REGISTER_KINDS, type RegisterKind } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useI18n, useT } from '../../i18n/i18n.js';
import { Alert, Button, ButtonGroup, CheckboxField, DataList, FormErrors, Heading, ListTable, SelectField, Td, Th, Tr, cx, fieldId } from '../../ui/index.js';
import { errorText, Notice, Panel, useNotice } from './components.js';

type Check = { report: RegisterImportReport; kind: RegisterKind; file: File; acceptValid: boolean; replace: boolean };

const LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const;

/**
 * Register imports (docs/registers.md): the registers with their counts, and an upload that is
 * checked first (a dry run: counts and rejected rows) and applied only after that, with the same
 * file and options.
 */
export function RegistersPage() {
  const t = useT();
  const { lang } = useI18n();
  const registers = useResource<RegisterSummary[]>('/api/admin/registers');
  const notice = useNotice();
  const [kind, setKind] = useState<RegisterKind | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [acceptValid, setAcceptValid] = useState(false);
  const [replace, setReplace] = useState(false);
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const stamp = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
  const kindLabel = (k: RegisterKind) => t(`admin.registers.kind.${k}`);

  const url = (k: RegisterKind, mode: 'dry-run' | 'apply', options: { acceptValid: boolean; replace: boolean }) =>
    `/api/admin/registers/${k}/import?mode=${mode}&acceptValid=${options.acceptValid}&replace=${options.replace}`;

  /** Any change to the form makes an earlier check stale. */
  const changed = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    setCheck(null);
  };

  async function onCheck(event: FormEvent) {
    event.preventDefault();
    notice.clear();
    setMessage(null);
    const missing = [
      ...(kind ? [] : [{ path: 'kind', message: t('admin.registers.field.kindRequired') }]),
      ...(file ? [] : [{ path: 'file', message: t('admin.registers.field.fileRequired') }]),
    ];
    setErrors(missing);
    if (!kind || !file) return;
    setBusy('check');
    try {
      const report = await api.upload<RegisterImportReport>(url(kind, 'dry-run', { acceptValid, replace }), file, 'text/csv');
      setCheck({ report, kind, file, acceptValid, replace });
    } catch (e) {
      setMessage(errorText(e, t));
    } finally {
      setBusy(null);
    }
  }

  async function onApply() {
    if (!check) return;
    setMessage(null);
    setBusy('apply');
    try {
      const report = await api.upload<RegisterImportReport>(url(check.kind, 'apply', check), check.file, 'text/csv');
      if (report.applied) {
        setCheck(null);
        await registers.reload();
        notice.show(t('admin.registers.applied', { kind: kindLabel(check.kind), count: report.rowCount }));
      } else {
        // The file or the register changed between the check and now: show the new result.
        setCheck({ ...check, report });
      }
    } catch (e) {
      setMessage(errorText(e, t));
    } finally {
      setBusy(null);
    }
  }

  const fileError = errors.find((e) => e.path === 'file')?.message;
  const fileId = fieldId('file');

  return (
    <Page title={t('admin.registers.title')} intro={t('admin.registers.intro')}>
      <Notice notice={notice.notice} />
      <Loaded resource={registers}>
        {(list) => (
          <ListTable
            caption={t('admin.registers.caption')}
            columns={[t('admin.registers.col.kind'), t('admin.registers.col.rows'), t('admin.registers.col.importedAt')]}
            items={list}
            row={(r) => (
              <Tr key={r.kind}>
                <Th scope="row">{kindLabel(r.kind)}</Th>
                <Td>{r.rowCount.toLocaleString(LOCALE[lang])}</Td>
                <Td>{r.importedAt ? stamp.format(new Date(r.importedAt)) : t('admin.registers.never')}</Td>
              </Tr>
            )}
          />
        )}
      </Loaded>

      <section aria-labelledby="registers-upload" className="mr-stack">
        <Heading level={2} id="registers-upload">
          {t('admin.registers.upload.title')}
        </Heading>
        <form onSubmit={onCheck} noValidate className="mr-stack mr-admin-form">
          <FormErrors title={t('app.formErrors')} errors={errors} message={check ? null : message} />
          <SelectField
            name="kind"
            label={t('admin.registers.field.kind')}
            required
            placeholder={t('admin.registers.field.kindPlaceholder')}
            options={REGISTER_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            value={kind}
            onChange={(e) => changed(setKind)(e.target.value as RegisterKind | '')}
            error={errors.find((e) => e.path === 'kind')?.message}
          />
          <div className={cx('utrecht-form-field', fileError && 'utrecht-form-field--invalid')}>
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor={fileId}>
                {t('admin.registers.field.file')}
              </label>
            </div>
            <div className="utrecht-form-field-description" id={`${fileId}-description`}>
              {t('admin.registers.field.fileHint')}
            </div>
            {fileError ? (
              <div className="utrecht-form-field-error-message" id={`${fileId}-error`}>
                {fileError}
              </div>
            ) : null}
            <div className="utrecht-form-field__input">
              <input
                id={fileId}
                name="file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-invalid={fileError ? true : undefined}
                aria-describedby={[`${fileId}-description`, fileError ? `${fileId}-error` : null].filter(Boolean).join(' ')}
                onChange={(e) => changed(setFile)(e.target.files?.[0] ?? null)}
              />
            </div>
          </div>
          <CheckboxField
            name="acceptValid"
            label={t('admin.registers.field.acceptValid')}
            description={t('admin.registers.field.acceptValidHint')}
            checked={acceptValid}
            onChange={(e) => changed(setAcceptValid)(e.target.checked)}
          />
          <CheckboxField
            name="replace"
            label={t('admin.registers.field.replace')}
            description={t('admin.registers.field.replaceHint')}
            checked={replace}
            onChange={(e) => changed(setReplace)(e.target.checked)}
          />
          <Button type="submit" variant={check ? 'secondary' : 'primary'} busy={busy === 'check'}>
            {t('admin.registers.check')}
          </Button>
        </form>
      </section>

      {check ? (
        <CheckReport
          check={check}
          busy={busy === 'apply'}
          message={message}
          onApply={() => void onApply()}
          onCancel={() => setCheck(null)}
          number={(n) => n.toLocaleString(LOCALE[lang])}
        />
      ) : null}
    </Page>
  );
}

function CheckReport({
  check,
  busy,
  message,
  onApply,
  onCancel,
  number,
}: {
  check: Check;
  busy: boolean;
  message: string | null;
  onApply(): void;
  onCancel(): void;
  number(n: number): string;
}) {
  const t = useT();
  const { report } = check;
  const blocked = report.fileError || (report.rejectedRows > 0 && !check.acceptValid);
  const counts: [string, number][] = [
    [t('admin.registers.report.rows'), report.rows],
    [t('admin.registers.report.valid'), report.valid],
    [t('admin.registers.report.rejected'), report.rejectedRows],
    [t('admin.registers.report.inserted'), report.inserted],
    [t('admin.registers.report.updated'), report.updated],
    [t('admin.registers.report.unchanged'), report.unchanged],
    ...(check.replace ? ([[t('admin.registers.report.removed'), report.removed]] as [string, number][]) : []),
  ];
  return (
    <Panel title={`${t('admin.registers.report.title')}: ${t(`admin.registers.kind.${check.kind}`)}`} tone={blocked ? 'warning' : 'highlight'} focusKey={report}>
      <DataList items={counts.map(([label, value]) => ({ label, value: number(value) }))} />
      {report.rejected.length > 0 ? (
        <ListTable
          caption={t('admin.registers.report.rejectedCaption')}
          columns={[t('admin.registers.report.col.line'), t('admin.registers.report.col.column'), t('admin.registers.report.col.reason')]}
          items={report.rejected.map((r, i) => ({ ...r, key: `${r.line}-${i}` }))}
          row={(r) => (
            <Tr key={r.key}>
              <Td>{r.line}</Td>
              <Td>{r.column ?? t('admin.registers.report.wholeRow')}</Td>
              <Td>{r.reason}</Td>
            </Tr>
          )}
        />
      ) : null}
      {report.rejected.length >= REJECTED_LIST_LIMIT ? <p className="utrecht-paragraph">{t('admin.registers.report.rejectedMore', { count: REJECTED_LIST_LIMIT })}</p> : null}
      {report.fileError ? (
        <Alert type="error">{t('admin.registers.report.fileError')}</Alert>
      ) : blocked ? (
        <Alert type="warning">{t('admin.registers.report.blocked')}</Alert>
      ) : (
        <Alert type="info">{t('admin.registers.report.ready')}</Alert>
      )}
      {message ? <Alert type="error">{message}</Alert> : null}
      <ButtonGroup>
        {blocked ? null : (
          <Button variant="primary" busy={busy} onClick={onApply}>
            {t('admin.registers.apply')}
          </Button>
        )}
        <Button variant="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      </ButtonGroup>
    </Panel>
  );
}
