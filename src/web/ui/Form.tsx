import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cx, fieldId } from './classes.js';

interface FieldFrame {
  /** Dotted path of the field; also the key for its error. */
  name: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  optionalText?: string;
}

function describedBy(id: string, description: ReactNode, error: string | undefined): string | undefined {
  const ids = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Frame({ name, label, description, error, required, optionalText, children, kind }: FieldFrame & { children: ReactNode; kind?: 'checkbox' }) {
  const id = fieldId(name);
  const labelEl = (
    <label className={cx('utrecht-form-label', kind === 'checkbox' && 'utrecht-form-label--checkbox')} htmlFor={id}>
      {label}
      {!required && optionalText ? <span className="mr-optional"> {optionalText}</span> : null}
    </label>
  );
  return (
    <div className={cx('utrecht-form-field', kind === 'checkbox' && 'utrecht-form-field--checkbox', error && 'utrecht-form-field--invalid')}>
      {kind === 'checkbox' ? (
        <>
          <div className="utrecht-form-field__input">{children}</div>
          <div className="utrecht-form-field__label">{labelEl}</div>
        </>
      ) : (
        <div className="utrecht-form-field__label">{labelEl}</div>
      )}
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
      {error ? (
        <div className="utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {kind === 'checkbox' ? null : <div className="utrecht-form-field__input">{children}</div>}
    </div>
  );
}

export type TextFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'size'> & { size?: 'postcode' | 'house-number' | 'addition' | 'tel' };

export function TextField({ name, label, description, error, required, optionalText, className, size, ...input }: TextFieldProps) {
  const id = fieldId(name);
  return (
    <Frame name={name} label={label} description={description} error={error} required={required} optionalText={optionalText}>
      <input
        id={id}
        name={name}
        className={cx(
          'utrecht-textbox utrecht-textbox--html-input',
          error && 'utrecht-textbox--invalid',
          size === 'postcode' && 'utrecht-textbox--postal-code-nl-size',
          size === 'house-number' && 'utrecht-textbox--house-number-size',
          size === 'addition' && 'utrecht-textbox--house-addition-size',
          size === 'tel' && 'utrecht-textbox--tel-nl-size',
          className,
        )}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...input}
      />
    </Frame>
  );
}

export type TextAreaProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>;

export function TextArea({ name, label, description, error, required, optionalText, className, ...input }: TextAreaProps) {
  const id = fieldId(name);
  return (
    <Frame name={name} label={label} description={description} error={error} required={required} optionalText={optionalText}>
      <textarea
        id={id}
        name={name}
        className={cx('utrecht-textarea utrecht-textarea--html-textarea', error && 'utrecht-textarea--invalid', className)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...input}
      />
    </Frame>
  );
}

export type SelectFieldProps = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'> & { options: { value: string; label: string }[]; placeholder?: string };

export function SelectField({ name, label, description, error, required, optionalText, options, placeholder, className, ...select }: SelectFieldProps) {
  const id = fieldId(name);
  return (
    <Frame name={name} label={label} description={description} error={error} required={required} optionalText={optionalText}>
      <select
        id={id}
        name={name}
        className={cx('utrecht-select utrecht-select--html-select', error && 'utrecht-select--invalid', className)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export type CheckboxFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'type'>;

export function CheckboxField({ name, label, description, error, className, ...input }: CheckboxFieldProps) {
  const id = fieldId(name);
  return (
    <Frame name={name} label={label} description={description} error={error} required kind="checkbox">
      <input
        id={id}
        name={name}
        type="checkbox"
        className={cx('utrecht-checkbox utrecht-checkbox--html-input', className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        {...input}
      />
    </Frame>
  );
}

/** A group of checkboxes (multiple choice) or radio buttons (single choice) in a fieldset. */
export function ChoiceGroup<V extends string>({
  name,
  legend,
  description,
  error,
  options,
  value,
  onChange,
  multiple,
}: {
  name: string;
  legend: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  options: { value: V; label: string }[];
  value: V[];
  onChange(value: V[]): void;
  multiple: boolean;
}) {
  const id = fieldId(name);
  return (
    <fieldset
      id={id}
      className={cx('utrecht-form-fieldset utrecht-form-fieldset--html-fieldset', error && 'utrecht-form-fieldset--invalid')}
      aria-describedby={describedBy(id, description, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
      {error ? (
        <div className="utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        const checked = value.includes(option.value);
        return (
          <div key={option.value} className={cx('utrecht-form-field', multiple ? 'utrecht-form-field--checkbox' : 'utrecht-form-field--radio')}>
            <div className="utrecht-form-field__input">
              <input
                id={optionId}
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={option.value}
                checked={checked}
                className={multiple ? 'utrecht-checkbox utrecht-checkbox--html-input' : 'utrecht-radio-button utrecht-radio-button--html-input'}
                onChange={(e) => {
                  if (!multiple) onChange([option.value]);
                  else onChange(e.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value));
                }}
              />
            </div>
            <div className="utrecht-form-field__label">
              <label className={cx('utrecht-form-label', multiple ? 'utrecht-form-label--checkbox' : 'utrecht-form-label--radio')} htmlFor={optionId}>
                {option.label}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

export function Fieldset({ legend, children }: { legend: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {children}
    </fieldset>
  );
}

/**
 * Summary of field errors at the top of a form, each linking to its field. It
 * takes focus whenever a new set of errors appears, so keyboard and screen-reader
 * users land on it; several forms on one page each have their own.
 */
export function ErrorSummary({ title, errors }: { title: string; errors: { path: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // Keyed on the content, not the array: callers may build a new array on every render.
  const signature = errors.map((e) => `${e.path}\u0000${e.message}`).join('\u0001');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!errors.length) return null;
  return (
    <div ref={ref} className="utrecht-alert utrecht-alert--error mr-error-summary" role="alert" tabIndex={-1}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          <p className="utrecht-paragraph">{title}</p>
          <ul className="utrecht-unordered-list">
            {errors.map((e) => (
              <li key={`${e.path}-${e.message}`} className="utrecht-unordered-list__item">
                <a className="utrecht-link" href={`#${fieldId(e.path || 'form')}`}>
                  {e.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
