import { describe, expect, it } from 'vitest';
import {
  aggregateExportAllowed,
  aggregateExportUrl,
  apiSearch,
  filterFieldOf,
  filtersFromSearch,
  lastDayOf,
  searchFromFilters,
  signalRowsExportUrl,
  type DashboardFilters,
  type FilterOptions,
} from './filters.js';

const coordinator: FilterOptions = { currentYear: 2026, exact: true };
const analyst: FilterOptions = { currentYear: 2026, exact: false };
const parse = (query: string, options = coordinator) => filtersFromSearch(new URLSearchParams(query), options);

describe('dashboard filters ↔ URL', () => {
  it('defaults to the current calendar year per month, all forms, with an empty query string', () => {
    const filters = parse('');
    expect(filters).toEqual({ mode: 'year', year: 2026, from: '2026-01', to: '2026-12', granularity: 'month', forms: [] });
    expect(searchFromFilters(filters, coordinator).toString()).toBe('');
    expect(apiSearch(filters, coordinator).toString()).toBe('year=2026');
  });

  it('round-trips a year, a granularity and forms (in the domain order, unknown forms dropped)', () => {
    const filters = parse('year=2024&granularity=quarter&forms=labour,sexual,nonsense');
    expect(filters).toMatchObject({ mode: 'year', year: 2024, granularity: 'quarter', forms: ['sexual', 'labour'] });
    const query = searchFromFilters(filters, coordinator).toString();
    expect(query).toBe('year=2024&granularity=quarter&forms=sexual%2Clabour');
    expect(parse(query)).toEqual(filters);
  });

  it('accepts repeated forms parameters as the API does', () => {
    expect(parse('forms=criminal&forms=labour').forms).toEqual(['labour', 'criminal']);
  });

  it('keeps a month range, and shows a range of one whole calendar year as that year', () => {
    const range = parse('from=2025-04&to=2026-03');
    expect(range).toMatchObject({ mode: 'range', from: '2025-04', to: '2026-03', year: 2025 });
    expect(searchFromFilters(range, coordinator).toString()).toBe('from=2025-04&to=2026-03');
    expect(parse('from=2025-01&to=2025-12')).toMatchObject({ mode: 'year', year: 2025 });
  });

  it('passes a malformed month on unchanged, so the server can name the field', () => {
    const filters = parse('from=2026-13&to=2026-02');
    expect(filters).toMatchObject({ mode: 'range', from: '2026-13', to: '2026-02' });
    expect(apiSearch(filters, coordinator).get('from')).toBe('2026-13');
  });

  it('puts nothing but years, months, granularity and form codes in the URL', () => {
    const filters: DashboardFilters = { mode: 'range', year: 2026, from: '2026-02', to: '2026-05', granularity: 'year', forms: ['organ_removal'] };
    const keys = [...searchFromFilters(filters, coordinator).keys()];
    expect(keys.sort()).toEqual(['forms', 'from', 'granularity', 'to']);
  });

  it('treats all five forms ticked as no form filter', () => {
    const all: DashboardFilters = { ...parse(''), forms: ['sexual', 'labour', 'criminal', 'organ_removal', 'unknown'] };
    expect(searchFromFilters(all, coordinator).has('forms')).toBe(false);
  });

  it('maps API field errors to filter fields; for the analyst period errors belong to the year', () => {
    expect(filterFieldOf('querystring.to', true)).toBe('to');
    expect(filterFieldOf('querystring.from', false)).toBe('year');
    expect(filterFieldOf('querystring.forms.1', false)).toBe('forms');
    expect(filterFieldOf('querystring.granularity', true)).toBe('granularity');
    expect(filterFieldOf('body', true)).toBeNull();
  });
});

describe('export links', () => {
  it('offers the aggregated export only for one calendar year and at most one form', () => {
    expect(aggregateExportAllowed(parse(''))).toBe(true);
    expect(aggregateExportAllowed(parse('forms=sexual'))).toBe(true);
    expect(aggregateExportAllowed(parse('forms=sexual,labour'))).toBe(false);
    expect(aggregateExportAllowed(parse('from=2026-02&to=2026-05'))).toBe(false);
  });

  it('builds the export URLs from the filters', () => {
    const filters = parse('year=2025&granularity=quarter&forms=labour', analyst);
    expect(aggregateExportUrl(filters, 'xlsx')).toBe('/api/stats/dashboard/export?format=xlsx&year=2025&granularity=quarter&forms=labour');
    expect(signalRowsExportUrl(filters, 'csv')).toBe('/api/stats/signals/export?format=csv&year=2025');
    expect(signalRowsExportUrl(parse('from=2026-02&to=2026-05'), 'csv')).toBe('/api/stats/signals/export?format=csv&from=2026-02&to=2026-05');
  });

  it('knows the last day of a month (leap years included)', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });
});
