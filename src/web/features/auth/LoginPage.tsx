import './auth.css';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { loginInput, type OidcInfo } from '../../../shared/api/auth.js';
import { api } from '../../api/client.js';
import { Page } from '../../app/Page.js';
import { useSession } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, FormErrors, Heading, Paragraph, TextField } from '../../ui/index.js';

/** Why single sign-on sent the browser back to the login page (see src/server/modules/auth/oidc.ts). */
const SSO_NOTICES = { denied: 'auth.sso.denied', error: 'auth.sso.error', totp: 'auth.sso.totp' } as const;

export function LoginPage() {
  const t = useT();
  const { login, loginNotice: notice } = useSession();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sso, setSso] = useState<OidcInfo | null>(null);
  const [params] = useSearchParams();
  const ssoParam = params.get('sso');
  const ssoNotice = ssoParam && ssoParam in SSO_NOTICES ? SSO_NOTICES[ssoParam as keyof typeof SSO_NOTICES] : null;

  useEffect(() => {
    let live = true;
    // Without single sign-on (or when the question fails) the page simply has no SSO button.
    api.get<OidcInfo>('/api/auth/oidc').then((info) => live && setSso(info), () => undefined);
    return () => {
      live = false;
    };
  }, []);

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
      {ssoNotice ? <Alert type={ssoNotice === 'auth.sso.totp' ? 'warning' : 'error'}>{t(ssoNotice)}</Alert> : null}
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <FormErrors title={t('app.formErrors')} errors={form.errors} message={form.message} />
        <TextField name="username" label={t('auth.login.username')} autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} error={form.errorFor('username')} />
        <TextField name="password" type="password" label={t('auth.login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={form.errorFor('password')} />
        <Button type="submit" variant="primary" busy={form.busy}>
          {t('auth.login.submit')}
        </Button>
      </form>
      {sso?.enabled ? (
        <section className="mr-stack mr-sso" aria-labelledby="sso-heading">
          <Heading level={2} id="sso-heading">
            {t('auth.sso.heading')}
          </Heading>
          <Paragraph>{t('auth.sso.intro')}</Paragraph>
          {/* A full page navigation: the server redirects to the identity provider. */}
          <a href="/api/auth/oidc/start" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action">
            {sso.label}
          </a>
        </section>
      ) : null}
    </Page>
  );
}
