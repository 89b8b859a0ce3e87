import type { HTMLAttributes, ReactNode } from 'react';
import { Link as RouterLink, type LinkProps } from 'react-router';
import { cx } from './classes.js';

export function Heading({ level, children, id, className }: { level: 1 | 2 | 3 | 4; children: ReactNode; id?: string; className?: string }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={cx(`utrecht-heading-${level}`, className)}>
      {children}
    </Tag>
  );
}

export function Paragraph({ children, lead, className, ...rest }: HTMLAttributes<HTMLParagraphElement> & { lead?: boolean }) {
  return (
    <p className={cx('utrecht-paragraph', lead && 'utrecht-paragraph--lead', className)} {...rest}>
      {children}
    </p>
  );
}

/** A router link styled as an NL Design System link. */
export function Link({ className, ...rest }: LinkProps) {
  return <RouterLink className={cx('utrecht-link', className)} {...rest} />;
}

export function StatusBadge({ children, status }: { children: ReactNode; status?: 'danger' | 'warning' | 'safe' | 'neutral' | 'active' }) {
  return <span className={cx('utrecht-status-badge', status && `utrecht-status-badge--${status}`)}>{children}</span>;
}

/** A description list for label/value pairs. */
export function DataList({ items }: { items: { label: ReactNode; value: ReactNode }[] }) {
  return (
    <dl className="mr-data-list">
      {items.map((item, i) => (
        <div key={i} className="mr-data-list__item">
          <dt className="mr-data-list__label">{item.label}</dt>
          <dd className="mr-data-list__value">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function UnorderedList({ children }: { children: ReactNode }) {
  return <ul className="utrecht-unordered-list">{children}</ul>;
}

export function ListItem({ children }: { children: ReactNode }) {
  return <li className="utrecht-unordered-list__item">{children}</li>;
}
