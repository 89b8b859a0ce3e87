import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
import { formatCount, type CountValue } from './format.js';

/**
 * A count as text: the number, or "< threshold" when suppressed — read out as "minder dan 5"
 * (the "<" sign alone is not reliably spoken).
 */
export function Count({ count, threshold }: { count: CountValue; threshold: number }) {
  const { t, lang } = useI18n();
  const text = formatCount(count, threshold, lang);
  if (count.value !== null || !count.suppressed) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">{text}</span>
      <span className="mr-visually-hidden">{t('dash.suppressedSr', { threshold })}</span>
    </>
  );
}

const NUMERIC_HEADER = 'utrecht-table__header-cell utrecht-table__header-cell--numeric-column';
const NUMERIC_CELL = 'utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data';

/**
 * A data table: the first column is the row header (the category), the others are numbers.
 * `rows` gives, per row, its key, header and cells.
 */
export function FigureTable({
  caption,
  head,
  columns,
  rows,
  foot,
}: {
  caption: ReactNode;
  head: ReactNode;
  columns: ReactNode[];
  rows: { key: string; header: ReactNode; cells: ReactNode[] }[];
  foot?: { header: ReactNode; cells: ReactNode[] };
}) {
  return (
    <div className="mr-dash-figures">
      <Table caption={caption}>
        <THead>
          <Tr>
            <Th>{head}</Th>
            {columns.map((c, i) => (
              <Th key={i} className={NUMERIC_HEADER}>
                {c}
              </Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {rows.map((row) => (
            <Tr key={row.key}>
              <Th scope="row">{row.header}</Th>
              {row.cells.map((cell, i) => (
                <Td key={i} className={NUMERIC_CELL}>
                  {cell}
                </Td>
              ))}
            </Tr>
          ))}
          {foot ? (
            <Tr>
              <Th scope="row">{foot.header}</Th>
              {foot.cells.map((cell, i) => (
                <Td key={i} className={NUMERIC_CELL}>
                  {cell}
                </Td>
              ))}
            </Tr>
          ) : null}
        </TBody>
      </Table>
    </div>
  );
}
