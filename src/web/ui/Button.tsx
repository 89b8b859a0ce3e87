import type { ButtonHTMLAttributes } from 'react';
import { cx } from './classes.js';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'subtle' | 'danger';
  busy?: boolean;
}

export function Button({ variant = 'secondary', busy = false, className, type = 'button', disabled, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx(
        'utrecht-button',
        variant === 'primary' && 'utrecht-button--primary-action',
        variant === 'secondary' && 'utrecht-button--secondary-action',
        variant === 'subtle' && 'utrecht-button--subtle',
        variant === 'danger' && 'utrecht-button--danger',
        busy && 'utrecht-button--busy',
        className,
      )}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    />
  );
}

export function ButtonGroup({ children }: { children: React.ReactNode }) {
  return <div className="utrecht-button-group">{children}</div>;
}
