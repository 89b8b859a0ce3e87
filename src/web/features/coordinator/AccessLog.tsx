import { useEffect, useRef } from 'react';
import type { AccessLog as AccessLogData, AccessLogEntry, SignalDetail } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import type { MessageKey } from '../../i18n/catalogue.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { Heading, Paragraph, Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
import { accessLogMessages } from './access-log.messages.js';
import { useFormat } from './format.js';

function actionLabel(t: Translate, entry: AccessLogEntry): string {
  const key = `accessLog.action.${entry.action}`;
  const label = Object.hasOwn(accessLogMessages.nl, key) ? t(key as MessageKey) : entry.action;
  return entry.objectType === 'referral' && !entry.action.startsWith('referral.') ? `${label} ${t('accessLog.referral')}` : label;
}

function who(t: Translate, entry: AccessLogEntry): string {
  if (!entry.actor) return t('accessLog.system');
  const name = entry.actor.displayName ?? t('accessLog.unknownUser');
  return entry.actor.role ? `${name} (${t(`role.${entry.actor.role}`)})` : name;
}

/**
 * The coordinator's access log of one signal: who viewed or changed it (or one
 * of its referrals), when, and with what result. Reading it is audited too.
 * Reloads when the signal does (after each step the coordinator takes).
 */
export function AccessLog({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  const log = useResource<AccessLogData>(`/api/signals/${encodeURIComponent(signal.id)}/access-log`);
  const { reload } = log;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
  }, [signal, reload]);

  return (
    <section className="mr-section mr-caption-hidden" aria-labelledby="sig-access-log">
      <Heading level={2} id="sig-access-log">
        {t('accessLog.title')}
      </Heading>
      <Paragraph>{t('accessLog.intro')}</Paragraph>
      <Loaded resource={log}>
        {(data) =>
          data.entries.length === 0 ? (
            <Paragraph>{t('accessLog.none')}</Paragraph>
          ) : (
            <>
              <Table caption={t('accessLog.caption')}>
                <THead>
                  <Tr>
                    <Th>{t('accessLog.when')}</Th>
                    <Th>{t('accessLog.who')}</Th>
                    <Th>{t('accessLog.action')}</Th>
                    <Th>{t('accessLog.result')}</Th>
                  </Tr>
                </THead>
                <TBody>
                  {data.entries.map((e) => (
                    <Tr key={e.id}>
                      <Td>
                        <time dateTime={e.at}>{f.stamp(e.at)}</time>
                      </Td>
                      <Td>{who(t, e)}</Td>
                      <Td>{actionLabel(t, e)}</Td>
                      <Td>{e.result === 'ok' ? t('accessLog.result.ok') : <strong>{t(`accessLog.result.${e.result}`)}</strong>}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
              {data.truncated ? <Paragraph>{t('accessLog.truncated', { count: data.entries.length })}</Paragraph> : null}
            </>
          )
        }
      </Loaded>
    </section>
  );
}
