import { useT } from '../../i18n/i18n.js';
import { Heading, Paragraph } from '../../ui/index.js';
import { aggregateExportAllowed, aggregateExportUrl, signalRowsExportUrl, type DashboardFilters, type ExportFormat } from './filters.js';

const FORMATS: ExportFormat[] = ['csv', 'xlsx'];

/** A plain download link (same origin, the session cookie goes along; a GET needs no CSRF token). */
function DownloadLink({ href, children }: { href: string; children: string }) {
  return (
    <a className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href} download>
      {children}
    </a>
  );
}

/**
 * Downloads with the filters of the page: the aggregated figures (always protected, so only for
 * one calendar year and at most one form) and, for the coordinator, pseudonymised signal rows.
 */
export function ExportLinks({ filters, signalRows, threshold }: { filters: DashboardFilters; signalRows: boolean; threshold: number }) {
  const t = useT();
  const allowed = aggregateExportAllowed(filters);
  return (
    <section aria-labelledby="dash-export" className="mr-section">
      <Heading level={2} id="dash-export">
        {t('dash.export.title')}
      </Heading>
      <Paragraph>{t('dash.export.aggregates', { threshold })}</Paragraph>
      {allowed ? (
        <div className="mr-dash-downloads">
          {FORMATS.map((format) => (
            <DownloadLink key={format} href={aggregateExportUrl(filters, format)}>
              {t(`dash.export.figures.${format}`, { year: filters.year })}
            </DownloadLink>
          ))}
        </div>
      ) : (
        <Paragraph>{t('dash.export.notAllowed')}</Paragraph>
      )}
      {signalRows ? (
        <>
          <Paragraph>{t('dash.export.rows')}</Paragraph>
          <div className="mr-dash-downloads">
            {FORMATS.map((format) => (
              <DownloadLink key={format} href={signalRowsExportUrl(filters, format)}>
                {t(`dash.export.rows.${format}`)}
              </DownloadLink>
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
