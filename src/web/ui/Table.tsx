import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { Paragraph } from './Typography.js';

export function Table({ caption, children }: { caption: ReactNode; children: ReactNode }) {
  return (
    <div className="utrecht-table-container">
      <table className="utrecht-table utrecht-table--html-table">
        <caption className="utrecht-table__caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
export const THead = ({ children }: { children: ReactNode }) => <thead className="utrecht-table__header">{children}</thead>;
export const TBody = ({ children }: { children: ReactNode }) => <tbody className="utrecht-table__body">{children}</tbody>;
export const Tr = ({ children }: { children: ReactNode }) => <tr className="utrecht-table__row">{children}</tr>;
export const Th = ({ children, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) => (
  <th className="utrecht-table__header-cell" scope="col" {...rest}>
    {children}
  </th>
);
export const Td = ({ children, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) => (
  <td className="utrecht-table__cell" {...rest}>
    {children}
  </td>
);

/**
 * A list as a table: caption, a header row with the column titles, and one row
 * per item (`row` gives the <Tr> with its key). With `empty`, an empty list is
 * a paragraph saying so instead of a table.
 */
export function ListTable<T>({
  caption,
  columns,
  items,
  row,
  empty,
}: {
  caption: ReactNode;
  columns: ReactNode[];
  items: readonly T[];
  row: (item: T) => ReactNode;
  empty?: ReactNode;
}) {
  if (empty !== undefined && items.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <Table caption={caption}>
      <THead>
        <Tr>
          {columns.map((column, i) => (
            <Th key={i}>{column}</Th>
          ))}
        </Tr>
      </THead>
      <TBody>{items.map((item) => row(item))}</TBody>
    </Table>
  );
}
