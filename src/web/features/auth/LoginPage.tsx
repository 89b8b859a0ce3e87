import { useState, type FormEvent } from 'react';
import { loginInput } from '../../../shared/api/auth.js';
import { Page } from '../../app/Page.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ErrorSummary, TextField } from '../../ui/index.js';

export function LoginPage() {
  const t = useT();
  const { login } = useSession();
  const form = useFormSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(loginInput, { username, password }, (data) => login(data.username, data.password));
  }

  return (
    <Page title={t('auth.login.title')} intro={t('auth.login.intro')}>
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
