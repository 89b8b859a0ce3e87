import type { ReactNode } from 'react';
import { cx } from './classes.js';

/** Status message. Errors and warnings are announced immediately; info and ok politely. */
export function Alert({ type = 'info', children, id }: { type?: 'info' | 'ok' | 'warning' | 'error'; children: ReactNode; id?: string }) {
  return (
    <div id={id} className={cx('utrecht-alert', `utrecht-alert--${type}`)} role={type === 'error' || type === 'warning' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">{children}</div>
      </div>
    </div>
  );
}
