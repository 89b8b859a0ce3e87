import { DASHBOARD_GRANULARITIES, type DashboardGranularity } from '../../../shared/api/dashboard.js';
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';

/**
 * The dashboard's filters and their place in the URL. The query string carries only years,
 * months, the granularity and exploitation forms (code names) — never personal data — and uses
 * the API's own parameter names, so the page's URL and the API request say the same thing.
 */

export interface DashboardFilters {
  /** A calendar year preset, or a month range (coordinator and deputy only). */
  mode: 'year' | 'range';
  year: number;
  /** `YYYY-MM`, inclusive; used when mode is 'range'. */
  from: string;
  to: string;
  granularity: DashboardGranularity;
  /** Empty: every form (no filter). */
  forms: ExploitationForm[];
}

export interface FilterOptions {
  currentYear: number;
  /** May choose a month range and several forms (exact figures: coordinator, deputy). */
  exact: boolean;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

export function defaultFilters(currentYear: number): DashboardFilters {
  return { mode: 'year', year: currentYear, from: `${currentYear}-01`, to: `${currentYear}-12`, granularity: 'month', forms: [] };
}

/**
 * The filters a URL asks for. Unknown parameters and forms are ignored; a malformed year or month
 * is kept as it is, so that the server's field error can say what is wrong with it. A month range
 * that covers exactly one calendar year is shown as that year.
 */
export function filtersFromSearch(search: URLSearchParams, options: FilterOptions): DashboardFilters {
  const filters = defaultFilters(options.currentYear);
  const year = search.get('year');
  if (year !== null && YEAR.test(year)) filters.year = Number(year);
  const from = search.get('from');
  const to = search.get('to');
  if (from !== null || to !== null) {
    filters.mode = 'range';
    filters.from = from ?? '';
    filters.to = to ?? '';
    if (from && to && MONTH.test(from) && from.endsWith('-01') && to === `${from.slice(0, 4)}-12`) {
      filters.mode = 'year';
      filters.year = Number(from.slice(0, 4));
    } else if (from && MONTH.test(from)) {
      filters.year = Number(from.slice(0, 4));
    }
  }
  const granularity = search.get('granularity');
  if (granularity && (DASHBOARD_GRANULARITIES as readonly string[]).includes(granularity)) filters.granularity = granularity as DashboardGranularity;
  const forms = search
    .getAll('forms')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v): v is ExploitationForm => (EXPLOITATION_FORMS as readonly string[]).includes(v));
  filters.forms = EXPLOITATION_FORMS.filter((f) => forms.includes(f));
  return filters;
}

/**
 * The query string for these filters (for the page URL and the API alike). Defaults are left
 * out (the current year, granularity month, all forms), so a plain link stays plain.
 */
export function searchFromFilters(filters: DashboardFilters, options: FilterOptions): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.mode === 'range') {
    search.set('from', filters.from);
    search.set('to', filters.to);
  } else if (filters.year !== options.currentYear) {
    search.set('year', String(filters.year));
  }
  if (filters.granularity !== 'month') search.set('granularity', filters.granularity);
  if (filters.forms.length > 0 && filters.forms.length < EXPLOITATION_FORMS.length) search.set('forms', filters.forms.join(','));
  return search;
}

/** The query string as the API wants it: always an explicit period. */
export function apiSearch(filters: DashboardFilters, options: FilterOptions): URLSearchParams {
  const search = searchFromFilters(filters, options);
  if (filters.mode === 'year') search.set('year', String(filters.year));
  return search;
}

/** `?a=b` or nothing. */
export const withQuery = (path: string, search: URLSearchParams): string => {
  const q = search.toString();
  return q ? `${path}?${q}` : path;
};

/** Whether the aggregated export (always protected) accepts these filters: one calendar year, at most one form. */
export function aggregateExportAllowed(filters: DashboardFilters): boolean {
  return filters.mode === 'year' && filters.forms.length <= 1;
}

export type ExportFormat = 'csv' | 'xlsx';

/** The download link of the aggregated figures. */
export function aggregateExportUrl(filters: DashboardFilters, format: ExportFormat): string {
  const search = new URLSearchParams({ format, year: String(filters.year) });
  if (filters.granularity !== 'month') search.set('granularity', filters.granularity);
  if (filters.forms.length === 1) search.set('forms', filters.forms[0]!);
  return withQuery('/api/stats/dashboard/export', search);
}

/** The download link of the pseudonymised signal rows (coordinator): period only. */
export function signalRowsExportUrl(filters: DashboardFilters, format: ExportFormat): string {
  const search = new URLSearchParams({ format });
  if (filters.mode === 'range') {
    search.set('from', filters.from);
    search.set('to', filters.to);
  } else {
    search.set('year', String(filters.year));
  }
  return withQuery('/api/stats/signals/export', search);
}

/** `2026-03` → the first day; `2026-12` → the last day (for the date-based policy APIs). */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * The filter field an API field error belongs to (`querystring.from` → `from`). For a role that
 * only picks a year, period errors are shown at the year.
 */
export function filterFieldOf(path: string, exact: boolean): 'year' | 'from' | 'to' | 'granularity' | 'forms' | null {
  const field = path.replace(/^querystring\./, '').split('.')[0];
  switch (field) {
    case 'year':
      return 'year';
    case 'from':
    case 'to':
      return exact ? field : 'year';
    case 'granularity':
      return 'granularity';
    case 'forms':
      return 'forms';
    default:
      return null;
  }
}
