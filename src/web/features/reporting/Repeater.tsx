import type { ReactNode } from 'react';
import { Button, fieldId, Paragraph } from '../../ui/index.js';

/**
 * A repeatable group of fields (persons, organisations, addresses): a fieldset
 * that starts empty, with an add button and a remove button per item. Focus
 * moves to the new item's first field after adding, and back to the add button
 * after removing, so keyboard and screen-reader users keep their place.
 */
export function Repeater<T extends { key: number }>({
  name,
  legend,
  items,
  max,
  itemLegend,
  addLabel,
  removeLabel,
  maxText,
  error,
  firstField,
  onAdd,
  onRemove,
  children,
}: {
  /** Dotted path of the array (e.g. `persons`); item fields are `${name}.${index}.${field}`. */
  name: string;
  legend: string;
  items: T[];
  max: number;
  itemLegend(n: number): string;
  addLabel: string;
  removeLabel(n: number): string;
  maxText: string;
  /** An error on the array itself (too many items). */
  error?: string | undefined;
  /** Field focused after adding an item. */
  firstField: string;
  onAdd(): void;
  onRemove(index: number): void;
  children(item: T, index: number): ReactNode;
}) {
  const id = fieldId(name);
  const addId = `${id}-add`;
  const full = items.length >= max;

  function add() {
    const index = items.length;
    onAdd();
    requestAnimationFrame(() => document.getElementById(fieldId(`${name}.${index}.${firstField}`))?.focus());
  }

  function remove(index: number) {
    onRemove(index);
    requestAnimationFrame(() => document.getElementById(addId)?.focus());
  }

  return (
    <fieldset
      id={id}
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset mr-repeater${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {error ? (
        <div className="utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {items.map((item, index) => (
        <fieldset key={item.key} className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset mr-repeater__item">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend mr-repeater__legend">
            {itemLegend(index + 1)}
          </legend>
          <div className="mr-repeater__fields">{children(item, index)}</div>
          <Button variant="subtle" className="mr-repeater__remove" onClick={() => remove(index)}>
            {removeLabel(index + 1)}
          </Button>
        </fieldset>
      ))}
      {full ? (
        <Paragraph className="mr-repeater__max">{maxText}</Paragraph>
      ) : (
        <Button id={addId} variant="secondary" onClick={add} className="mr-repeater__add">
          <span aria-hidden="true">+ </span>
          {addLabel}
        </Button>
      )}
    </fieldset>
  );
}
