import type { RoutingCondition } from '../../../shared/api/admin.js';
import type { Translate } from '../../i18n/i18n.js';

/** A routing rule's condition in words, e.g. "Uitbuitingsvorm: Arbeidsuitbuiting". */
export function conditionLabel(condition: RoutingCondition, t: Translate): string {
  switch (condition.type) {
    case 'always':
      return t('admin.routing.condition.always');
    case 'acute':
      return t('admin.routing.condition.acute');
    case 'victim_involved':
      return t('admin.routing.condition.victim_involved');
    case 'form':
      return t('admin.routing.condition.form', { form: t(`form.${condition.form}`) });
  }
}

/** A number typed in a text box: the number when it is one, else the text (so the schema reports it). */
export function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** An optional choice from a select: empty means none. */
export function orNull<T extends string>(value: T | ''): T | null {
  return value === '' ? null : value;
}
