import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { recoveryCode, totpCode } from '../../../shared/api/auth.js';
import { ApiError } from '../../api/client.js';
import { Page } from '../../app/Page.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, ButtonGroup, FormErrors, TextField } from '../../ui/index.js';

/**
 * The second login step: the six digits from the authenticator app, or one of
 * the recovery codes. Reached only right after a correct password; a reload or
 * an expired attempt leads back to the password.
 */
export function TotpLoginPage() {
  const t = useT();
  const { totpPending, completeLogin, cancelLogin } = useSession();
  const form = useFormSubmit();
  const [method, setMethod] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');

  if (!totpPending) return <Navigate to="/inloggen" replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const schema = method === 'totp' ? totpCode : recoveryCode;
    await form.submit(schema, code, async (checked) => {
      try {
        await completeLogin(method, checked);
      } catch (error) {
        // Anything but a wrong code (expired, abandoned, account changed): start again with the password.
        if (error instanceof ApiError && error.status === 401 && error.code !== 'invalid_code') {
          await cancelLogin('expired');
          return;
        }
        throw error;
      }
    });
  }

  function switchMethod() {
    setMethod(method === 'totp' ? 'recovery' : 'totp');
    setCode('');
    form.setMessage(null);
  }

  // The shared schemas validate a bare value (path ''); the server names the field "code". Both belong to the one field.
  const invalid = method === 'totp' ? t('auth.totpLogin.codeInvalid') : t('auth.totpLogin.recoveryInvalid');
  const fieldName = method === 'totp' ? 'code' : 'recoveryCode';
  const errors = form.errors.map((e) => ({
    path: fieldName,
    message: e.path === 'code' ? t('auth.totpLogin.wrong') : invalid,
  }));
  const error = errors[0]?.message;

  return (
    <Page title={t('auth.totpLogin.title')} intro={method === 'totp' ? t('auth.totpLogin.intro') : t('auth.totpLogin.introRecovery')}>
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <FormErrors title={t('app.formErrors')} errors={errors} message={form.message} />
        {method === 'totp' ? (
          <TextField
            key="code"
            name="code"
            label={t('auth.totpLogin.code')}
            description={t('auth.totpLogin.codeHint')}
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            required
            size="postcode"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={error}
          />
        ) : (
          <TextField
            key="recoveryCode"
            name="recoveryCode"
            label={t('auth.totpLogin.recoveryCode')}
            description={t('auth.totpLogin.recoveryHint')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={error}
          />
        )}
        <ButtonGroup>
          <Button type="submit" variant="primary" busy={form.busy}>
            {t('auth.totpLogin.submit')}
          </Button>
          <Button variant="secondary" onClick={() => void cancelLogin()}>
            {t('auth.totpLogin.cancel')}
          </Button>
        </ButtonGroup>
        <p className="utrecht-paragraph">
          <Button variant="subtle" onClick={switchMethod}>
            {method === 'totp' ? t('auth.totpLogin.useRecovery') : t('auth.totpLogin.useApp')}
          </Button>
        </p>
      </form>
    </Page>
  );
}
