import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

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
