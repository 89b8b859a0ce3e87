import './auth.css';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { totpConfirmInput, totpDisableInput, totpSetupInput } from '../../../shared/api/auth.js';
import { VALIDATION_MESSAGES, type FieldError } from '../../../shared/validation.js';
import { api } from '../../api/client.js';
import type { RecoveryCodesResult, TotpSetup, TotpStatus } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ButtonGroup, CheckboxField, ErrorSummary, FormErrors, Paragraph, TextField } from '../../ui/index.js';

const GENERIC = new Set<string>([...Object.values(VALIDATION_MESSAGES.nl), ...Object.values(VALIDATION_MESSAGES.en)]);

/** Replace the catalogue's generic messages ("Deze waarde is niet geldig.") by one per field; keep the server's specific ones. */
function friendly(errors: FieldError[], messages: Record<string, string>): { path: string; message: string }[] {
  return errors.map((e) => ({ path: e.path, message: GENERIC.has(e.message) && messages[e.path] ? messages[e.path]! : e.message }));
}

/** A level-2 heading that takes focus when it appears, so that a screen reader follows each step. */
function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1} className="utrecht-heading-2 mr-step-heading">
      {children}
    </h2>
  );
}

/**
 * Two-factor login for one's own account: set it up (QR code or key, then a
 * code), see the recovery codes once, link a new app, or switch it off where
 * that is allowed.
 */
export function TotpPage() {
  const t = useT();
  const status = useResource<TotpStatus>('/api/auth/totp');
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  let content: ReactNode;
  if (codes) content = <RecoveryCodes codes={codes} />;
  else if (setup)
    content = (
      <LinkApp
        setup={setup}
        onConfirmed={(c) => {
          setSetup(null);
          setCodes(c);
        }}
        onCancel={() => setSetup(null)}
      />
    );
  else
    content = (
      <Loaded resource={status}>
        {(s) => (
          <Overview
            status={s}
            notice={notice}
            onSetup={(started) => {
              setNotice(null);
              setSetup(started);
            }}
            onDisabled={async () => {
              setNotice(t('auth.totp.disabled'));
              await status.reload();
            }}
          />
        )}
      </Loaded>
    );

  return (
    <Page title={t('auth.totp.title')} intro={t('auth.totp.intro')}>
      {content}
    </Page>
  );
}

function Overview({
  status,
  notice,
  onSetup,
  onDisabled,
}: {
  status: TotpStatus;
  notice: string | null;
  onSetup(setup: TotpSetup): void;
  onDisabled(): Promise<void>;
}) {
  const t = useT();
  const { refresh } = useSession();
  const start = useFormSubmit();
  const replace = useFormSubmit();
  const disable = useFormSubmit();
  const [replacePassword, setReplacePassword] = useState('');
  const [disablePassword, setDisablePassword] = useState('');
  const [disableCode, setDisableCode] = useState('');

  async function onStart() {
    const setup = await start.submit(totpSetupInput, {}, (data) => api.post<TotpSetup>('/api/auth/totp/setup', data));
    if (setup) onSetup(setup);
  }

  async function onReplace(event: FormEvent) {
    event.preventDefault();
    const setup = await replace.submit(totpSetupInput.required(), { password: replacePassword }, (data) => api.post<TotpSetup>('/api/auth/totp/setup', data));
    if (setup) onSetup(setup);
  }

  async function onDisable(event: FormEvent) {
    event.preventDefault();
    const done = await disable.submit(totpDisableInput, { password: disablePassword, code: disableCode }, async (data) => {
      await api.post('/api/auth/totp/disable', data);
      return true;
    });
    if (done) {
      await refresh();
      await onDisabled();
    }
  }

  const passwordMessages = { password: t('auth.totp.passwordRequired'), code: t('auth.totp.codeInvalid') };
  const replaceErrors = friendly(replace.errors, passwordMessages);
  // The disable form's fields are named disable.*, apart from the password field of the form above.
  const disableErrors = friendly(disable.errors, passwordMessages).map((e) => ({ ...e, path: `disable.${e.path}` }));
  const errorIn = (errors: { path: string; message: string }[], path: string) => errors.find((e) => e.path === path)?.message;

  if (!status.enabled) {
    return (
      <div className="mr-stack">
        {notice ? <Alert type="ok">{notice}</Alert> : null}
        {status.required ? <Alert type="warning">{t('auth.totp.required')}</Alert> : <Paragraph>{t('auth.totp.statusOff')}</Paragraph>}
        {start.message ? <Alert type="error">{start.message}</Alert> : null}
        <Button variant="primary" busy={start.busy} onClick={() => void onStart()}>
          {t('auth.totp.start')}
        </Button>
      </div>
    );
  }

  return (
    <div className="mr-stack">
      <Paragraph>
        <strong>{t('auth.totp.statusOn')}</strong> {t('auth.totp.recoveryLeft', { count: status.recoveryCodesLeft })}
      </Paragraph>
      {status.recoveryCodesLeft <= 3 ? <Alert type="warning">{t('auth.totp.recoveryLow')}</Alert> : null}

      <section className="mr-section mr-stack" aria-labelledby="totp-replace">
        <h2 id="totp-replace" className="utrecht-heading-2">
          {t('auth.totp.replaceTitle')}
        </h2>
        <Paragraph>{t('auth.totp.replaceText')}</Paragraph>
        <form onSubmit={onReplace} noValidate className="mr-stack">
          <FormErrors title={t('app.formErrors')} errors={replaceErrors} message={replace.message} />
          <TextField
            name="password"
            type="password"
            autoComplete="current-password"
            required
            label={t('auth.totp.password')}
            value={replacePassword}
            onChange={(e) => setReplacePassword(e.target.value)}
            error={errorIn(replaceErrors, 'password')}
          />
          <Button type="submit" busy={replace.busy}>
            {t('auth.totp.replace')}
          </Button>
        </form>
      </section>

      <section className="mr-section mr-stack" aria-labelledby="totp-disable">
        <h2 id="totp-disable" className="utrecht-heading-2">
          {t('auth.totp.disableTitle')}
        </h2>
        {status.required ? (
          <Paragraph>{t('auth.totp.mandatoryNote')}</Paragraph>
        ) : (
          <>
            <Paragraph>{t('auth.totp.disableText')}</Paragraph>
            <form onSubmit={onDisable} noValidate className="mr-stack">
              <FormErrors title={t('app.formErrors')} errors={disableErrors} message={disable.message} />
              <TextField
                name="disable.password"
                type="password"
                autoComplete="current-password"
                required
                label={t('auth.totp.password')}
                value={disablePassword}
                onChange={(e) => setDisablePassword(e.target.value)}
                error={errorIn(disableErrors, 'disable.password')}
              />
              <TextField
                name="disable.code"
                label={t('auth.totp.code')}
                description={t('auth.totpLogin.codeHint')}
                autoComplete="one-time-code"
                inputMode="numeric"
                spellCheck={false}
                required
                size="postcode"
                value={disableCode}
                onChange={(e) => setDisableCode(e.target.value)}
                error={errorIn(disableErrors, 'disable.code')}
              />
              <Button type="submit" variant="danger" busy={disable.busy}>
                {t('auth.totp.disable')}
              </Button>
            </form>
          </>
        )}
      </section>
    </div>
  );
}

function LinkApp({ setup, onConfirmed, onCancel }: { setup: TotpSetup; onConfirmed(codes: string[]): void; onCancel(): void }) {
  const t = useT();
  const form = useFormSubmit();
  const [code, setCode] = useState('');
  const errors = friendly(form.errors, { code: t('auth.totp.codeInvalid') });
  // Groups of four are easier to type over; authenticator apps ignore the spaces.
  const key = setup.secret.match(/.{1,4}/g)!.join(' ');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await form.submit(totpConfirmInput, { code }, (data) => api.post<RecoveryCodesResult>('/api/auth/totp/confirm', data));
    if (result) onConfirmed(result.recoveryCodes);
  }

  return (
    <div className="mr-stack">
      <StepHeading>{t('auth.totp.step1')}</StepHeading>
      <Paragraph>{t('auth.totp.step1Text')}</Paragraph>
      <img className="mr-qr" src={setup.qrCode} alt={t('auth.totp.qrAlt')} width={220} height={220} />
      <Paragraph>{t('auth.totp.manualKey')}</Paragraph>
      <p className="utrecht-paragraph">
        {t('auth.totp.manualKeyLabel')}: <code className="mr-secret">{key}</code>
      </p>
      <h2 className="utrecht-heading-2">{t('auth.totp.step2')}</h2>
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <FormErrors title={t('app.formErrors')} errors={errors} message={form.message} />
        <TextField
          name="code"
          label={t('auth.totp.code')}
          description={t('auth.totp.codeHint')}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          required
          size="postcode"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.find((e) => e.path === 'code')?.message}
        />
        <ButtonGroup>
          <Button type="submit" variant="primary" busy={form.busy}>
            {t('auth.totp.confirm')}
          </Button>
          <Button onClick={onCancel}>{t('auth.totp.cancel')}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function onContinue(event: FormEvent) {
    event.preventDefault();
    if (!saved) {
      setError(t('auth.totp.recoverySavedRequired'));
      return;
    }
    await refresh();
    navigate('/');
  }

  return (
    <div className="mr-stack">
      <Alert type="ok">{t('auth.totp.enabled')}</Alert>
      <StepHeading>{t('auth.totp.recoveryTitle')}</StepHeading>
      <Paragraph>{t('auth.totp.recoveryText')}</Paragraph>
      <ul className="mr-recovery-codes" aria-label={t('auth.totp.recoveryListLabel')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <form onSubmit={onContinue} noValidate className="mr-stack">
        <ErrorSummary title={t('app.formErrors')} errors={error ? [{ path: 'saved', message: error }] : []} />
        <CheckboxField
          name="saved"
          label={t('auth.totp.recoverySaved')}
          checked={saved}
          onChange={(e) => {
            setSaved(e.target.checked);
            if (e.target.checked) setError(undefined);
          }}
          error={error}
        />
        <Button type="submit" variant="primary">
          {t('auth.totp.continue')}
        </Button>
      </form>
    </div>
  );
}
