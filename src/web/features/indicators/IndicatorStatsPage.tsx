import { useState, type FormEvent } from 'react';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Button, Paragraph, Table, TBody, Td, TextField, Th, THead, Tr } from '../../ui/index.js';
import type { IndicatorCounts } from './types.js';
import './indicators.css';
// The suppressed-count style (mr-visually-hidden) of the yearly figures.
import '../analyst/analyst.css';

const NUMERIC = 'utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data';

function Count({ cell, threshold }: { cell: { count: number | null; suppressed: boolean }; threshold: number }) {
  const t = useT();
  if (!cell.suppressed) return <>{cell.count}</>;
  return (
    <>
      <span aria-hidden="true">{t('ind.stats.suppressed', { threshold })}</span>
      <span className="mr-visually-hidden">{t('analyst.suppressedSr', { threshold })}</span>
    </>
  );
}

/** `/cijfers/indicatoren` (issue 6.3): how often each indicator was ticked on the signals of a year. */
export function IndicatorStatsPage() {
  const t = useT();
  const [draft, setDraft] = useState(String(new Date().getFullYear()));
  const [year, setYear] = useState(draft);
  const counts = useResource<IndicatorCounts>(`/api/stats/indicators?year=${encodeURIComponent(year)}`);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setYear(draft);
  };
  return (
    <Page title={t('ind.stats.title')}>
      <form onSubmit={onSubmit} className="mr-stats-form" noValidate>
        <TextField name="year" inputMode="numeric" label={t('ind.stats.year')} value={draft} onChange={(e) => setDraft(e.target.value)} className="mr-input-year" />
        <Button type="submit">{t('ind.stats.show')}</Button>
      </form>
      <Loaded resource={counts}>
        {(c) => (
          <>
            <Paragraph>{c.exact ? t('ind.stats.exact') : t('ind.stats.protected', { threshold: c.threshold })}</Paragraph>
            <Table caption={t('ind.stats.caption', { year: c.year })}>
              <THead>
                <Tr>
                  <Th>{t('ind.list.col.text')}</Th>
                  <Th className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">{t('ind.stats.col.count')}</Th>
                </Tr>
              </THead>
              {c.groups.map((g) => (
                <TBody key={g.group}>
                  <Tr>
                    <Th scope="row">
                      <strong>{t(`ind.group.${g.group}`)}</strong>
                    </Th>
                    <Td className={NUMERIC}>
                      <strong>
                        <Count cell={g} threshold={c.threshold} />
                      </strong>
                    </Td>
                  </Tr>
                  {g.indicators.map((i) => (
                    <Tr key={i.id}>
                      <Th scope="row">
                        {i.text} {i.active ? null : t('ind.signal.inactive')}
                      </Th>
                      <Td className={NUMERIC}>
                        <Count cell={i} threshold={c.threshold} />
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              ))}
              <TBody>
                <Tr>
                  <Th scope="row">{t('ind.stats.total')}</Th>
                  <Td className={NUMERIC}>
                    <Count cell={c.total} threshold={c.threshold} />
                  </Td>
                </Tr>
              </TBody>
            </Table>
          </>
        )}
      </Loaded>
    </Page>
  );
}
