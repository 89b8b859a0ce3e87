import './reporting.css';
import { Link as RouterLink } from 'react-router';
import type { OwnSignalRow } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Link, Paragraph, Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import { OwnStatus } from './OwnStatus.js';

/** `/signalen/mijn`: the signals I reported or submitted for a colleague. */
export function MySignalsPage() {
  const t = useT();
  const fmt = useFormat();
  const signals = useResource<OwnSignalRow[]>('/api/my/signals');
  const reportLink = (
    <RouterLink to="/melden" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action">
      {t('reporting.mine.new')}
    </RouterLink>
  );

  return (
    <Page title={t('reporting.mine.title')} intro={t('reporting.mine.intro')}>
      <div className="mr-reporting-body mr-stack">
        <Loaded resource={signals}>
          {(rows) =>
            rows.length === 0 ? (
              <div className="mr-empty">
                <Paragraph>{t('reporting.mine.empty')}</Paragraph>
                {reportLink}
              </div>
            ) : (
              <>
                <div className="mr-page-actions">{reportLink}</div>
                <Table caption={t('reporting.mine.caption')}>
                  <THead>
                    <Tr>
                      <Th>{t('reporting.mine.number')}</Th>
                      <Th>{t('reporting.mine.received')}</Th>
                      <Th>{t('reporting.mine.observed')}</Th>
                      <Th>{t('reporting.mine.status')}</Th>
                      <Th>{t('reporting.mine.feedback')}</Th>
                    </Tr>
                  </THead>
                  <TBody>
                    {rows.map((row) => (
                      <Tr key={row.id}>
                        <Th scope="row">
                          <Link to={`/signalen/mijn/${row.id}`}>{row.number}</Link>
                          {row.reportedFor ? <span className="mr-secondary">{t('reporting.mine.reportedFor', { name: row.reportedFor })}</span> : null}
                        </Th>
                        <Td>{fmt.shortDateOf(row.receivedAt)}</Td>
                        <Td>{fmt.shortDate(row.observedOn)}</Td>
                        <Td>
                          <OwnStatus status={row.status} />
                        </Td>
                        <Td>{row.hasFeedback ? <strong>{t('reporting.mine.feedbackGiven')}</strong> : t('reporting.mine.feedbackNone')}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              </>
            )
          }
        </Loaded>
      </div>
    </Page>
  );
}
