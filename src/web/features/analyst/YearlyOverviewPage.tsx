import type { YearlyOverview } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Heading, Paragraph, Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
import './analyst.css';

/** A count, or "< threshold" when it was suppressed to protect small groups. */
function Count({ value, threshold }: { value: number | null; threshold: number }) {
  const t = useT();
  if (value !== null) return <>{value}</>;
  return (
    <>
      <span aria-hidden="true">&lt; {threshold}</span>
      <span className="mr-visually-hidden">{t('analyst.suppressedSr', { threshold })}</span>
    </>
  );
}

export function YearlyOverviewPage() {
  const t = useT();
  const user = useUser();
  const overview = useResource<YearlyOverview>('/api/stats/yearly');
  return (
    <Page title={t('analyst.title')} intro={t('analyst.intro')}>
      <Loaded resource={overview}>
        {(o) => {
          const suppressed = o.years.some((y) => y.signals === null || y.referred === null);
          return (
            <>
              {o.years.length === 0 ? (
                <Paragraph>{t('analyst.empty')}</Paragraph>
              ) : (
                <div className="mr-stats">
                <Table caption={t('analyst.caption')}>
                  <THead>
                    <Tr>
                      <Th>{t('analyst.year')}</Th>
                      <Th className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">{t('analyst.signals')}</Th>
                      <Th className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">{t('analyst.referred')}</Th>
                    </Tr>
                  </THead>
                  <TBody>
                    {[...o.years]
                      .sort((a, b) => b.year - a.year)
                      .map((y) => (
                        <Tr key={y.year}>
                          <Th scope="row">{y.year}</Th>
                          <Td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                            <Count value={y.signals} threshold={o.threshold} />
                          </Td>
                          <Td className="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">
                            <Count value={y.referred} threshold={o.threshold} />
                          </Td>
                        </Tr>
                      ))}
                  </TBody>
                </Table>
                </div>
              )}
              <section aria-labelledby="suppression" className="mr-section">
                <Heading level={2} id="suppression">
                  {t('analyst.suppressionTitle', { threshold: o.threshold })}
                </Heading>
                <Paragraph>{t('analyst.suppression', { threshold: o.threshold })}</Paragraph>
                {user.role === 'coordinator' || user.role === 'deputy_coordinator' ? (
                  <Paragraph>{t('analyst.exact', { threshold: o.threshold })}</Paragraph>
                ) : suppressed ? null : (
                  <Paragraph>{t('analyst.noneSuppressed')}</Paragraph>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
