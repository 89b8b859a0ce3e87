import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { Alert } from './Alert.js';
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

/** Split a field's props into those of its frame (label, description, error) and those of its control. */
function splitFrame<P extends FieldFrame>({ name, label, description, error, required, optionalText, ...control }: P) {
  return [{ name, label, description, error, required, optionalText }, control] as const;
}

/** The id, name and ARIA attributes that tie a control to its label, description and error. */
function controlAttributes({ name, description, error, required }: Pick<FieldFrame, 'name' | 'description' | 'error' | 'required'>) {
  const id = fieldId(name);
  return {
    id,
    name,
    'aria-required': required || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, description, error),
  };
}

/** The description and error message of a field or fieldset, with the ids that aria-describedby points at. */
function FieldMessages({ id, description, error }: { id: string; description: ReactNode; error: string | undefined }) {
  return (
    <>
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
    </>
  );
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
      <FieldMessages id={id} description={description} error={error} />
      {kind === 'checkbox' ? null : <div className="utrecht-form-field__input">{children}</div>}
    </div>
  );
}

export type TextFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'size'> & { size?: 'postcode' | 'house-number' | 'addition' | 'tel' };

export function TextField({ className, size, ...props }: TextFieldProps) {
  const [frame, input] = splitFrame(props);
  return (
    <Frame {...frame}>
      <input
        {...controlAttributes(frame)}
        className={cx(
          'utrecht-textbox utrecht-textbox--html-input',
          frame.error && 'utrecht-textbox--invalid',
          size === 'postcode' && 'utrecht-textbox--postal-code-nl-size',
          size === 'house-number' && 'utrecht-textbox--house-number-size',
          size === 'addition' && 'utrecht-textbox--house-addition-size',
          size === 'tel' && 'utrecht-textbox--tel-nl-size',
          className,
        )}
        {...input}
      />
    </Frame>
  );
}

export type TextAreaProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>;

export function TextArea({ className, ...props }: TextAreaProps) {
  const [frame, textarea] = splitFrame(props);
  return (
    <Frame {...frame}>
      <textarea
        {...controlAttributes(frame)}
        className={cx('utrecht-textarea utrecht-textarea--html-textarea', frame.error && 'utrecht-textarea--invalid', className)}
        {...textarea}
      />
    </Frame>
  );
}

export type SelectFieldProps = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'> & { options: { value: string; label: string }[]; placeholder?: string };

export function SelectField({ options, placeholder, className, ...props }: SelectFieldProps) {
  const [frame, select] = splitFrame(props);
  return (
    <Frame {...frame}>
      <select
        {...controlAttributes(frame)}
        className={cx('utrecht-select utrecht-select--html-select', frame.error && 'utrecht-select--invalid', className)}
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

/** A single checkbox with its label after the box; it never shows the "optional" text. */
export function CheckboxField({ name, label, description, error, className, ...input }: CheckboxFieldProps) {
  return (
    <Frame name={name} label={label} description={description} error={error} required kind="checkbox">
      <input
        {...controlAttributes({ name, description, error })}
        type="checkbox"
        className={cx('utrecht-checkbox utrecht-checkbox--html-input', className)}
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
      <FieldMessages id={id} description={description} error={error} />
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

/**
 * The top of a form: its error summary, then the general error message (one
 * that belongs to no field, e.g. from the server) when there is one.
 */
export function FormErrors({ title, errors, message }: { title: string; errors: { path: string; message: string }[]; message: string | null }) {
  return (
    <>
      <ErrorSummary title={title} errors={errors} />
      {message ? <Alert type="error">{message}</Alert> : null}
    </>
  );
}
