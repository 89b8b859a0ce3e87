import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { chartValue, formatBucket, formatCount, formatDate, formatDays, formatNullableCount, formatPeriod, formatShare } from './format.js';
import { Count, FigureTable } from './parts.js';

describe('formatting of dashboard figures', () => {
  it('shows a suppressed count as "< threshold", never as a number', () => {
    expect(formatCount({ value: null, suppressed: true }, 5, 'nl')).toBe('< 5');
    expect(formatCount({ value: null, suppressed: true }, 10, 'en')).toBe('< 10');
    expect(formatCount({ value: 0, suppressed: false }, 5, 'nl')).toBe('0');
    expect(formatCount({ value: 1234, suppressed: false }, 5, 'nl')).toBe('1.234');
    expect(formatCount({ value: null, suppressed: false }, 5, 'nl')).toBe('–');
    expect(formatNullableCount(null, 5, 'nl')).toBe('< 5');
    expect(formatNullableCount(7, 5, 'nl')).toBe('7');
  });

  it('draws a suppressed count as nothing', () => {
    expect(chartValue({ value: null, suppressed: true })).toBe(0);
    expect(chartValue({ value: 3, suppressed: false })).toBe(3);
  });

  it('formats shares, days, buckets and periods for Dutch readers', () => {
    expect(formatShare(0.4, 'nl')).toBe('40%');
    expect(formatShare(null, 'nl')).toBe('–');
    expect(formatDays(4.5, 'nl')).toBe('4,5');
    expect(formatDays(4.5, 'en')).toBe('4.5');
    expect(formatBucket('2026-03', 'month', 'nl')).toBe('mrt 2026');
    expect(formatBucket('2026-Q2', 'quarter', 'nl')).toBe('K2 2026');
    expect(formatBucket('2026-Q2', 'quarter', 'en')).toBe('Q2 2026');
    expect(formatBucket('2026', 'year', 'nl')).toBe('2026');
    expect(formatPeriod({ from: '2026-01', to: '2026-12' }, 'nl')).toBe('2026');
    expect(formatPeriod({ from: '2025-11', to: '2026-02' }, 'nl')).toBe('nov 2025 – feb 2026');
    expect(formatDate('2026-01-01', 'nl')).toBe('1 januari 2026');
  });
});

describe('count components', () => {
  const render = (element: ReactElement) => renderToStaticMarkup(createElement(I18nProvider, null, element));

  it('renders a suppressed count as "< 5" on screen and "minder dan 5" for screen readers', () => {
    const html = render(createElement(Count, { count: { value: null, suppressed: true }, threshold: 5 }));
    expect(html).toBe('<span aria-hidden="true">&lt; 5</span><span class="mr-visually-hidden">minder dan 5</span>');
    expect(render(createElement(Count, { count: { value: 12, suppressed: false }, threshold: 5 }))).toBe('12');
  });

  it('renders a figure table with caption, row headers and the suppressed cell', () => {
    const html = render(
      createElement(FigureTable, {
      caption: 'Signalen per afdeling',
      head: 'Afdeling',
      columns: ['Signalen'],
      rows: [
        { key: 'a', header: 'Dienstverlening', cells: [createElement(Count, { count: { value: 7, suppressed: false }, threshold: 5 })] },
        { key: 'b', header: 'OOV', cells: [createElement(Count, { count: { value: null, suppressed: true }, threshold: 5 })] },
      ],
      }),
    );
    expect(html).toContain('<caption class="utrecht-table__caption">Signalen per afdeling</caption>');
    expect(html).toMatch(/<th[^>]*scope="row"[^>]*>OOV<\/th><td[^>]*><span aria-hidden="true">&lt; 5<\/span>/);
    expect(html).toMatch(/<th[^>]*scope="row"[^>]*>Dienstverlening<\/th><td[^>]*>7<\/td>/);
  });
});
