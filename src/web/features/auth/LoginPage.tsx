import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { loginInput } from '../../../shared/api/auth.js';
import { Page } from '../../app/Page.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ErrorSummary, TextField } from '../../ui/index.js';

export function LoginPage() {
  const t = useT();
  const { login, loginNotice: notice } = useSession();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = await form.submit(loginInput, { username, password }, (data) => login(data.username, data.password));
    // With two-factor login the password step leads to the code; otherwise the app moves on by itself.
    if (next === 'totp_required') navigate('/inloggen/code');
  }

  return (
    <Page title={t('auth.login.title')} intro={t('auth.login.intro')}>
      {notice === 'expired' ? <Alert type="warning">{t('auth.login.expired')}</Alert> : null}
      {notice === 'loggedOutEverywhere' ? <Alert type="ok">{t('auth.login.loggedOutEverywhere')}</Alert> : null}
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <ErrorSummary title={t('app.formErrors')} errors={form.errors} />
        {form.message ? <Alert type="error">{form.message}</Alert> : null}
        <TextField name="username" label={t('auth.login.username')} autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} error={form.errorFor('username')} />
        <TextField name="password" type="password" label={t('auth.login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={form.errorFor('password')} />
        <Button type="submit" variant="primary" busy={form.busy}>
          {t('auth.login.submit')}
        </Button>
      </form>
    </Page>
  );
}
