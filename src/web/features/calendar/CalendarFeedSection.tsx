import { useState } from 'react';
import type { CalendarFeedStatus, CreatedCalendarFeed } from '../../../shared/api/calendar.js';
import { ApiError, api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, ButtonGroup, Paragraph, TextField } from '../../ui/index.js';
import { useFormat } from '../reporting/format.js';

/** Roles whose feed also holds every meeting of the municipality and the partners' feedback due dates. */
const MUNICIPAL_ROLES = new Set(['coordinator', 'deputy_coordinator']);

type Confirming = 'renew' | 'revoke' | null;

/**
 * Issue 6.6: one's own calendar subscription (an iCalendar feed behind a secret address). The address
 * is shown once, right after it is made; afterwards only whether a feed exists and when it was used.
 */
export function CalendarFeedSection() {
  const t = useT();
  const user = useUser();
  const fmt = useFormat();
  const status = useResource<CalendarFeedStatus>('/api/calendar/feed');
  const [created, setCreated] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    setCopied(null);
    try {
      await action();
      setConfirming(null);
      await status.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  }

  const create = () =>
    run(async () => {
      const feed = await api.post<CreatedCalendarFeed>('/api/calendar/feed', {});
      setCreated(`${window.location.origin}${feed.path}`);
    });
  const revoke = () =>
    run(async () => {
      await api.delete('/api/calendar/feed');
      setCreated(null);
      setNotice(t('calendar.revoked'));
    });

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <section className="mr-section mr-stack" aria-labelledby="calendar-feed">
      <h2 id="calendar-feed" className="utrecht-heading-2">
        {t('calendar.title')}
      </h2>
      <Paragraph>{t('calendar.intro')}</Paragraph>
      {MUNICIPAL_ROLES.has(user.role) ? <Paragraph>{t('calendar.introCoordinator')}</Paragraph> : null}
      <Paragraph>{t('calendar.privacy')}</Paragraph>
      <Paragraph>{t('calendar.secret')}</Paragraph>
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      {error ? <Alert type="error">{error}</Alert> : null}

      {created ? (
        <div className="mr-stack">
          <Alert type="ok">{t('calendar.created')}</Alert>
          <TextField
            name="calendarUrl"
            label={t('calendar.url')}
            description={t('calendar.urlHint')}
            value={created}
            readOnly
            spellCheck={false}
            onFocus={(e) => e.target.select()}
          />
          {copied ? <Alert type={copied === 'ok' ? 'ok' : 'warning'}>{t(copied === 'ok' ? 'calendar.copied' : 'calendar.copyFailed')}</Alert> : null}
          <ButtonGroup>
            <Button variant="primary" onClick={() => void copy(created)}>
              {t('calendar.copy')}
            </Button>
            <Button onClick={() => setCreated(null)}>{t('calendar.done')}</Button>
          </ButtonGroup>
          <Paragraph>
            <a className="utrecht-link" href={created.replace(/^https?:/, 'webcal:')}>
              {t('calendar.webcal')}
            </a>
          </Paragraph>
        </div>
      ) : null}

      <Loaded resource={status}>
        {(s) => (
          <div className="mr-stack">
            {s.exists && s.createdAt ? (
              <Paragraph>
                {t('calendar.active', { date: fmt.dateTime(s.createdAt) })}{' '}
                {s.lastUsedAt ? t('calendar.lastUsed', { date: fmt.dateTime(s.lastUsedAt) }) : t('calendar.neverUsed')}
              </Paragraph>
            ) : (
              <Paragraph>{t('calendar.none')}</Paragraph>
            )}
            {confirming ? (
              <Alert type="warning">
                <Paragraph>{t(confirming === 'renew' ? 'calendar.renewConfirm' : 'calendar.revokeConfirm')}</Paragraph>
                <ButtonGroup>
                  <Button variant={confirming === 'revoke' ? 'danger' : 'primary'} busy={busy} onClick={() => void (confirming === 'renew' ? create() : revoke())}>
                    {t(confirming === 'renew' ? 'calendar.renewConfirmButton' : 'calendar.revokeConfirmButton')}
                  </Button>
                  <Button onClick={() => setConfirming(null)}>{t('app.cancel')}</Button>
                </ButtonGroup>
              </Alert>
            ) : s.exists ? (
              <ButtonGroup>
                <Button onClick={() => setConfirming('renew')}>{t('calendar.renew')}</Button>
                <Button variant="danger" onClick={() => setConfirming('revoke')}>
                  {t('calendar.revoke')}
                </Button>
              </ButtonGroup>
            ) : (
              <Button variant="primary" busy={busy} onClick={() => void create()}>
                {t('calendar.create')}
              </Button>
            )}
          </div>
        )}
      </Loaded>
    </section>
  );
}
