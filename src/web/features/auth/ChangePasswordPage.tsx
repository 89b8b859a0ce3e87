import { useState, type FormEvent } from 'react';
import { changePasswordInput } from '../../../shared/api/auth.js';
import { api } from '../../api/client.js';
import { Page } from '../../app/Page.js';
import { useSession, useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, FormErrors, Paragraph, TextField } from '../../ui/index.js';
import { CalendarFeedSection } from '../calendar/CalendarFeedSection.js';

export function ChangePasswordPage() {
  const t = useT();
  const user = useUser();
  const { refresh } = useSession();
  const form = useFormSubmit();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const ok = await form.submit(changePasswordInput, { currentPassword, newPassword }, async (data) => {
      await api.post('/api/auth/password', data);
      return true;
    });
    if (ok) {
      setDone(true);
      setCurrent('');
      setNew('');
      await refresh();
    }
  }

  return (
    <Page title={t('auth.password.title')}>
      {user.mustChangePassword ? <Alert type="warning">{t('auth.password.required')}</Alert> : null}
      {done ? <Alert type="ok">{t('auth.password.done')}</Alert> : null}
      <form onSubmit={onSubmit} noValidate className="mr-stack">
        <FormErrors title={t('app.formErrors')} errors={form.errors} message={form.message} />
        <TextField name="currentPassword" type="password" autoComplete="current-password" required label={t('auth.password.current')} value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={form.errorFor('currentPassword')} />
        <TextField name="newPassword" type="password" autoComplete="new-password" required label={t('auth.password.new')} description={t('auth.password.newHint')} value={newPassword} onChange={(e) => setNew(e.target.value)} error={form.errorFor('newPassword')} />
        <Button type="submit" variant="primary" busy={form.busy}>
          {t('auth.password.submit')}
        </Button>
      </form>
      <LogoutEverywhere />
      {/* Issue 6.6: one's own calendar subscription; not while a temporary password must be changed first. */}
      {user.mustChangePassword ? null : <CalendarFeedSection />}
    </Page>
  );
}

/** End every session of the user, on every device (this one too); the login page then says so. */
function LogoutEverywhere() {
  const t = useT();
  const { logoutEverywhere } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setBusy(true);
    setError(null);
    try {
      // Without a session the app shows the login page, with the notice.
      await logoutEverywhere();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <section className="mr-section mr-stack" aria-labelledby="logout-everywhere">
      <h2 id="logout-everywhere" className="utrecht-heading-2">
        {t('auth.everywhere.title')}
      </h2>
      <Paragraph>{t('auth.everywhere.text')}</Paragraph>
      {error ? <Alert type="error">{error}</Alert> : null}
      <Button busy={busy} onClick={() => void onClick()}>
        {t('auth.everywhere.submit')}
      </Button>
    </section>
  );
}
