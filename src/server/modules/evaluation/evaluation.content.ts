import { LEAD_TIME_STEPS, type DashboardView } from '../../../shared/api/dashboard.js';
import { ACTIVITY_STATUSES, SOURCE_CONTEXTS, type ExploitationForm } from '../../../shared/domain.js';
import type { CountView } from '../stats/suppression.js';
import { AMBITION_LABEL, FORM_LABEL, INTERVENTION_LABEL, PILLAR_LABEL, SOURCE_LABEL, STATUS_LABEL, STEP_LABEL, STEP_SHORT, dutchDate } from './evaluation.labels.js';
import { twoYearTotal, type EvaluationReport, type StatusCounts } from './evaluation.report.js';

/**
 * The evaluation report as a sequence of neutral blocks (PURE). The PDF renderer draws every block
 * (charts as vector graphics); the DOCX renderer writes the same blocks but charts are left out:
 * each chart is followed by a table with its numbers, which is what an editable document needs.
 */

/** A value in a chart: a number, a suppressed count (drawn as a marker "< 5"), or nothing. */
export type ChartValue = number | 'suppressed' | null;

export interface ChartSpec {
  type: 'bar' | 'hbar' | 'line' | 'stacked';
  /** The text alternative of the figure (the table below it has the numbers). */
  alt: string;
  categories: string[];
  series: { name: string; values: ChartValue[] }[];
  /** Values are shares (0–1), shown as percentages. */
  percent?: boolean;
  /** Unit for the value axis, e.g. "dagen". */
  unit?: string;
}

export interface TableSpec {
  caption: string;
  head: string[];
  rows: string[][];
  /** Rows shown in bold (totals). */
  totalRows?: number[];
  /** Relative column widths (default: first column wide, the rest equal). */
  widths?: number[];
}

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string; note?: boolean }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'chart'; title: string; chart: ChartSpec }
  | { kind: 'table'; table: TableSpec }
  | { kind: 'writingSpace'; lines: number; note: string }
  | { kind: 'pageBreak' };

export interface ReportDocument {
  title: string;
  subtitle: string;
  municipality: string;
  period: string;
  generatedOn: string;
  /** The line on the title page about small counts. */
  protection: string;
  blocks: Block[];
}

const NUMBER = new Intl.NumberFormat('nl-NL');
const num = (n: number) => NUMBER.format(n);

/** A count as the report shows it: "< 5" when suppressed, "–" when not given, else the number. */
export function countText(c: CountView, threshold: number): string {
  if (c.suppressed) return `< ${threshold}`;
  if (c.value === null) return '–';
  return num(c.value);
}

const rateText = (r: { value: number | null }) => (r.value === null ? '–' : `${Math.round(r.value * 100)}%`);
const daysText = (d: number | null) => (d === null ? '–' : num(Math.round(d * 10) / 10));
const chartValue = (c: CountView): ChartValue => (c.suppressed ? 'suppressed' : c.value);
const isZero = (c: CountView) => !c.suppressed && c.value === 0;

export function reportDocument(r: EvaluationReport): ReportDocument {
  const t = r.threshold;
  const [y1, y2] = r.years;
  const a = String(r.fromYear);
  const b = String(r.toYear);
  const period = `${r.fromYear}–${r.toYear}`;
  const c = (v: CountView) => countText(v, t);
  const blocks: Block[] = [];
  const h1 = (text: string) => blocks.push({ kind: 'heading', level: 1, text });
  const h2 = (text: string) => blocks.push({ kind: 'heading', level: 2, text });
  const p = (text: string, note = false) => blocks.push({ kind: 'paragraph', text, ...(note ? { note } : {}) });
  const table = (spec: TableSpec) => blocks.push({ kind: 'table', table: spec });
  const chart = (title: string, spec: ChartSpec) => blocks.push({ kind: 'chart', title, chart: spec });
  /** A breakdown per year with a total column: rows of [label, year 1, year 2, both]. */
  const perYearRows = (items: { label: string; v1: CountView; v2: CountView }[]) =>
    items.map((i) => [i.label, c(i.v1), c(i.v2), c(twoYearTotal(i.v1, i.v2))]);
  const perYearHead = (first: string) => [first, a, b, `${period} samen`];

  // --- summary ---------------------------------------------------------------------------------
  const signals = twoYearTotal(y1.totals.signals, y2.totals.signals);
  const referred = twoYearTotal(y1.totals.referred, y2.totals.referred);
  const whole = (v: DashboardView) => v.leadTimes.find((l) => l.step === 'received_closed')!;
  const sessionsIn = (year: number) => r.training.sessions.filter((s) => s.heldOn.startsWith(String(year)));
  const participantsIn = (year: number) => sessionsIn(year).reduce((s, x) => s + x.participants, 0);
  h1('Samenvatting');
  p(
    `Deze evaluatie beschrijft de aanpak van mensenhandel in ${r.municipality || 'de gemeente'} over ${r.fromYear} en ${r.toYear}: ` +
      'hoeveel signalen binnenkwamen en wat ermee gebeurde, hoe het uitvoeringsplan vorderde, wie getraind is, welke bestuurlijke ' +
      'interventies zijn ingezet en wat de aandachtsfunctionaris concludeert. De cijfers komen rechtstreeks uit Meldroute.',
  );
  table({
    caption: 'Kerncijfers',
    head: ['Onderwerp', a, b, `${period} samen`],
    rows: [
      ['Signalen ontvangen', c(y1.totals.signals), c(y2.totals.signals), c(signals)],
      ['Doorverwezen naar een ketenpartner', c(y1.totals.referred), c(y2.totals.referred), c(referred)],
      ['Aandeel doorverwezen', rateText(y1.totals.referredShare), rateText(y2.totals.referredShare), '–'],
      ['Doorlooptijd hele route, mediaan (dagen)', daysText(whole(y1).medianDays), daysText(whole(y2).medianDays), '–'],
      ['Trainingen', num(sessionsIn(r.fromYear).length), num(sessionsIn(r.toYear).length), num(r.training.sessions.length)],
      ['Deelnemers aan trainingen', num(participantsIn(r.fromYear)), num(participantsIn(r.toYear)), num(r.training.participants)],
      ['Bestuurlijke interventies', c(r.interventions.years[0]), c(r.interventions.years[1]), c(r.interventions.total)],
      ['Activiteiten uitvoeringsplan afgerond', '–', '–', `${num(r.plan.totals.done)} van ${num(r.plan.totals.total)}`],
    ],
  });
  const sentences: string[] = [];
  sentences.push(`In ${a} kwamen ${c(y1.totals.signals)} signalen binnen, in ${b} ${c(y2.totals.signals)}.`);
  if (y1.totals.referredShare.value !== null && y2.totals.referredShare.value !== null) {
    sentences.push(`Het aandeel signalen dat naar een ketenpartner is doorverwezen was ${rateText(y1.totals.referredShare)} in ${a} en ${rateText(y2.totals.referredShare)} in ${b}.`);
  }
  if (r.plan.totals.total > 0) {
    const pt = r.plan.totals;
    sentences.push(`Van de ${num(pt.total)} activiteiten van het uitvoeringsplan zijn er ${num(pt.done)} afgerond, ${num(pt.started)} gestart, ${num(pt.planned)} nog gepland en ${num(pt.dropped)} vervallen.`);
  } else sentences.push('Voor deze periode zijn geen activiteiten in het uitvoeringsplan vastgelegd.');
  sentences.push(
    `Er waren ${num(r.training.sessions.length)} trainingen en bijeenkomsten over mensenhandel met samen ${num(r.training.participants)} deelnemers uit ${num(r.training.departments.length)} afdelingen.`,
  );
  blocks.push({ kind: 'bullets', items: sentences });

  h2('Over deze cijfers');
  p(
    `Dit rapport gaat naar de gemeenteraad en is openbaar. In een kleine gemeente kan een klein aantal iemand herkenbaar maken. Daarom ` +
      `worden aantallen onder de ${t} (maar boven 0) niet getoond: er staat dan "< ${t}". Ook een aantal waarmee zo'n verborgen ` +
      `aantal uit een totaal terug te rekenen is, wordt verborgen (aanvullende onderdrukking); ook daar staat "< ${t}". ` +
      `De drempel is ${t}.`,
  );
  p(
    `De cijfers over signalen staan per kalenderjaar, omdat de bescherming per kalenderjaar geldt. Een totaal over ${period} staat er alleen ` +
      'als beide jaren zichtbaar zijn; anders staat er "–". Doorlooptijden en percentages over minder dan ' +
      `${t} signalen worden niet getoond. In dit rapport staan geen namen of andere persoonsgegevens: geen melders, betrokkenen, ` +
      'signaalnummers of vrije tekst uit signalen.',
  );

  // --- signals ---------------------------------------------------------------------------------
  blocks.push({ kind: 'pageBreak' });
  h1('Signalen');
  const quarterLabel = (label: string) => label.replace(/^(\d{4})-Q(\d)$/, 'K$2 $1');
  const quarters = [...y1.series, ...y2.series];
  h2('Signalen per kwartaal');
  chart('Signalen en doorverwezen signalen per kwartaal', {
    type: 'bar',
    alt: `Staafdiagram: signalen en doorverwezen signalen per kwartaal, ${period}. De aantallen staan in de tabel hieronder.`,
    categories: quarters.map((q) => quarterLabel(q.label)),
    series: [
      { name: 'Signalen', values: quarters.map((q) => chartValue(q.signals)) },
      { name: 'Doorverwezen', values: quarters.map((q) => chartValue(q.referred)) },
    ],
  });
  table({
    caption: 'Signalen per kwartaal',
    head: ['Kwartaal', 'Signalen', 'Doorverwezen'],
    rows: [
      ...quarters.map((q) => [quarterLabel(q.label), c(q.signals), c(q.referred)]),
      [`${a} totaal`, c(y1.totals.signals), c(y1.totals.referred)],
      [`${b} totaal`, c(y2.totals.signals), c(y2.totals.referred)],
    ],
    totalRows: [quarters.length, quarters.length + 1],
  });

  h2('Jaar op jaar');
  const before = String(r.fromYear - 1);
  const qNames = y2.series.map((s) => s.label.replace(/^\d{4}-Q(\d)$/, 'K$1'));
  const previousSeries = y1.yearOnYear.series.map((s) => s.previous);
  chart('Signalen per kwartaal, jaar op jaar', {
    type: 'line',
    alt: `Lijndiagram: signalen per kwartaal in ${before}, ${a} en ${b} naast elkaar. De aantallen staan in de tabel hieronder.`,
    categories: qNames,
    series: [
      { name: before, values: previousSeries.map(chartValue) },
      { name: a, values: y1.series.map((s) => chartValue(s.signals)) },
      { name: b, values: y2.series.map((s) => chartValue(s.signals)) },
    ],
  });
  table({
    caption: 'Signalen per kwartaal, jaar op jaar',
    head: ['Kwartaal', before, a, b],
    rows: [
      ...qNames.map((q, i) => [q, c(previousSeries[i]!), c(y1.series[i]!.signals), c(y2.series[i]!.signals)]),
      ['Jaar', c(y1.yearOnYear.signals.previous), c(y1.totals.signals), c(y2.totals.signals)],
    ],
    totalRows: [qNames.length],
  });

  h2('Naar vorm van uitbuiting');
  const forms = y1.byForm.map((f, i) => ({ form: f.form as ExploitationForm, v1: f.signals, v2: y2.byForm[i]!.signals }));
  chart('Signalen naar vorm van uitbuiting', {
    type: 'bar',
    alt: `Staafdiagram: signalen per vorm van uitbuiting in ${a} en ${b}. De aantallen staan in de tabel hieronder.`,
    categories: forms.map((f) => FORM_LABEL[f.form]),
    series: [
      { name: a, values: forms.map((f) => chartValue(f.v1)) },
      { name: b, values: forms.map((f) => chartValue(f.v2)) },
    ],
  });
  table({ caption: 'Signalen naar vorm van uitbuiting', head: perYearHead('Vorm van uitbuiting'), rows: perYearRows(forms.map((f) => ({ label: FORM_LABEL[f.form], ...f }))) });
  p('Een signaal kan over meer dan één vorm gaan; de vormen tellen daarom niet op tot het totaal.', true);

  h2('Naar afdeling van de melder');
  const departments = y1.byDepartment
    .map((d, i) => ({ label: d.name ?? 'Geen afdeling', v1: d.signals, v2: y2.byDepartment[i]!.signals }))
    .filter((d) => !(isZero(d.v1) && isZero(d.v2)));
  if (departments.length) {
    chart('Signalen naar afdeling van de melder', {
      type: 'hbar',
      alt: `Liggend staafdiagram: signalen per afdeling van de melder in ${a} en ${b}. De aantallen staan in de tabel hieronder.`,
      categories: departments.map((d) => d.label),
      series: [
        { name: a, values: departments.map((d) => chartValue(d.v1)) },
        { name: b, values: departments.map((d) => chartValue(d.v2)) },
      ],
    });
    table({ caption: 'Signalen naar afdeling van de melder', head: perYearHead('Afdeling'), rows: perYearRows(departments) });
    p('Afdelingen zonder signalen in beide jaren zijn weggelaten.', true);
  } else p('Er zijn geen signalen met een afdeling.');

  h2('Naar context waarin het signaal opviel');
  const contexts = [...SOURCE_CONTEXTS, null]
    .map((ctx, i) => ({ label: ctx ? SOURCE_LABEL[ctx] : 'Niet vastgelegd', v1: y1.bySourceContext[i]!.signals, v2: y2.bySourceContext[i]!.signals }))
    .filter((d) => !(isZero(d.v1) && isZero(d.v2)));
  if (contexts.length) {
    chart('Signalen naar context', {
      type: 'hbar',
      alt: `Liggend staafdiagram: signalen per context in ${a} en ${b}. De aantallen staan in de tabel hieronder.`,
      categories: contexts.map((d) => d.label),
      series: [
        { name: a, values: contexts.map((d) => chartValue(d.v1)) },
        { name: b, values: contexts.map((d) => chartValue(d.v2)) },
      ],
    });
    table({ caption: 'Signalen naar context', head: perYearHead('Context'), rows: perYearRows(contexts) });
  } else p('Er zijn geen signalen in deze periode.');

  h2('Doorverwijzing en terugkoppeling per ketenpartner');
  const partners = y1.partners
    .map((p1, i) => ({ p1, p2: y2.partners[i]! }))
    .filter(({ p1, p2 }) => !(isZero(p1.signals) && isZero(p2.signals)));
  if (partners.length) {
    const share = (x: { share: { value: number | null; suppressed: boolean } }): ChartValue => (x.share.suppressed ? 'suppressed' : x.share.value);
    chart('Aandeel van de signalen dat naar een partner is doorverwezen', {
      type: 'hbar',
      percent: true,
      alt: `Liggend staafdiagram: per ketenpartner het aandeel van alle signalen dat naar die partner is doorverwezen, in ${a} en ${b}. De cijfers staan in de tabellen hieronder.`,
      categories: partners.map(({ p1 }) => p1.name),
      series: [
        { name: a, values: partners.map(({ p1 }) => share(p1)) },
        { name: b, values: partners.map(({ p2 }) => share(p2)) },
      ],
    });
    table({
      caption: 'Doorverwezen signalen per ketenpartner',
      head: ['Ketenpartner', `${a} signalen`, `${a} aandeel`, `${b} signalen`, `${b} aandeel`],
      widths: [3, 1.2, 1.2, 1.2, 1.2],
      rows: partners.map(({ p1, p2 }) => [p1.name, c(p1.signals), rateText(p1.share), c(p2.signals), rateText(p2.share)]),
    });
    table({
      caption: 'Terugkoppeling van ketenpartners',
      head: ['Ketenpartner', `${a} ontvangen`, `${a} aandeel`, `${a} mediaan dagen`, `${b} ontvangen`, `${b} aandeel`, `${b} mediaan dagen`],
      widths: [2.6, 1, 1, 1.1, 1, 1, 1.1],
      rows: partners.map(({ p1, p2 }) => [
        p1.name,
        c(p1.feedbackReceived),
        rateText(p1.feedbackShare),
        daysText(p1.feedbackMedianDays),
        c(p2.feedbackReceived),
        rateText(p2.feedbackShare),
        daysText(p2.feedbackMedianDays),
      ]),
    });
    p('Aandeel: van alle signalen van het jaar. Terugkoppeling: het aandeel van de doorverwezen signalen waarover de partner terugkoppeling gaf, en de mediaan van het aantal dagen tot die terugkoppeling.', true);
  } else p('Er zijn in deze periode geen signalen doorverwezen.');

  h2('Doorlooptijden');
  const lead = LEAD_TIME_STEPS.map((step, i) => ({ step, l1: y1.leadTimes[i]!, l2: y2.leadTimes[i]! }));
  const leadValue = (l: DashboardView['leadTimes'][number], k: 'medianDays' | 'p90Days'): ChartValue => (l.suppressed ? 'suppressed' : l[k]);
  chart('Doorlooptijden per stap (dagen)', {
    type: 'bar',
    unit: 'dagen',
    alt: `Staafdiagram: mediaan en 90e percentiel van de doorlooptijd per stap van de meldroute in ${a} en ${b}, in dagen. De cijfers staan in de tabel hieronder.`,
    categories: lead.map((l) => STEP_SHORT[l.step]),
    series: [
      { name: `Mediaan ${a}`, values: lead.map((l) => leadValue(l.l1, 'medianDays')) },
      { name: `Mediaan ${b}`, values: lead.map((l) => leadValue(l.l2, 'medianDays')) },
      { name: `90e percentiel ${a}`, values: lead.map((l) => leadValue(l.l1, 'p90Days')) },
      { name: `90e percentiel ${b}`, values: lead.map((l) => leadValue(l.l2, 'p90Days')) },
    ],
  });
  const leadCell = (l: DashboardView['leadTimes'][number], k: 'medianDays' | 'p90Days') => (l.suppressed ? `< ${t} signalen` : daysText(l[k]));
  table({
    caption: 'Doorlooptijden in dagen',
    head: ['Stap', `${a} mediaan`, `${a} 90e perc.`, `${b} mediaan`, `${b} 90e perc.`],
    widths: [3, 1.2, 1.2, 1.2, 1.2],
    rows: lead.map((l) => [STEP_LABEL[l.step], leadCell(l.l1, 'medianDays'), leadCell(l.l1, 'p90Days'), leadCell(l.l2, 'medianDays'), leadCell(l.l2, 'p90Days')]),
  });
  p('In kalenderdagen, over de signalen van het jaar die de stap hebben doorlopen. 90e percentiel: negen van de tien signalen waren binnen zoveel dagen door de stap.', true);

  // --- implementation plan ---------------------------------------------------------------------
  blocks.push({ kind: 'pageBreak' });
  h1(`Uitvoeringsplan ${period}`);
  const counts = (g: StatusCounts) => [...ACTIVITY_STATUSES.map((s) => num(g[s])), num(g.total)];
  const statusHead = [...ACTIVITY_STATUSES.map((s) => STATUS_LABEL[s]), 'Totaal'];
  if (r.plan.totals.total === 0) {
    p(`Voor de periode ${period} zijn geen activiteiten in het uitvoeringsplan vastgelegd.`);
  } else {
    p(
      `Het uitvoeringsplan ${period} telt ${num(r.plan.totals.total)} activiteiten. ${num(r.plan.totals.done)} zijn afgerond, ${num(r.plan.totals.started)} gestart, ` +
        `${num(r.plan.totals.planned)} nog gepland en ${num(r.plan.totals.dropped)} vervallen.`,
    );
    h2('Voortgang per ambitie');
    chart('Activiteiten per ambitie naar status', {
      type: 'stacked',
      alt: 'Gestapeld liggend staafdiagram: per ambitie het aantal activiteiten per status. De aantallen staan in de tabel hieronder.',
      categories: r.plan.byAmbition.map((g) => AMBITION_LABEL[g.ambition]!),
      series: ACTIVITY_STATUSES.map((s) => ({ name: STATUS_LABEL[s], values: r.plan.byAmbition.map((g) => g[s]) })),
    });
    table({
      caption: 'Activiteiten per ambitie',
      head: ['Ambitie', ...statusHead],
      widths: [4, 1, 1, 1, 1, 1],
      rows: [...r.plan.byAmbition.map((g) => [AMBITION_LABEL[g.ambition]!, ...counts(g)]), ['Totaal', ...counts(r.plan.totals)]],
      totalRows: [r.plan.byAmbition.length],
    });
    h2('Voortgang per pijler');
    table({
      caption: 'Activiteiten per pijler',
      head: ['Pijler', ...statusHead],
      widths: [4, 1, 1, 1, 1, 1],
      rows: [...r.plan.byPillar.map((g) => [PILLAR_LABEL[g.pillar], ...counts(g)]), ['Totaal', ...counts(r.plan.totals)]],
      totalRows: [r.plan.byPillar.length],
    });
    h2('Activiteiten');
    table({
      caption: 'Activiteiten van het uitvoeringsplan met hun status',
      head: ['Activiteit', 'Ambitie', 'Pijler', 'Status', 'Gereed uiterlijk'],
      widths: [4, 0.9, 2, 1.1, 1.5],
      rows: r.plan.activities.map((x) => [
        x.title + (x.carriedFrom ? ' (overgenomen uit vorige periode)' : '') + (x.carriedOver ? ' (loopt door in volgende periode)' : ''),
        String(x.ambition),
        PILLAR_LABEL[x.pillar],
        STATUS_LABEL[x.status],
        x.dueOn ? dutchDate(x.dueOn) : '–',
      ]),
    });
  }

  // --- awareness and training ------------------------------------------------------------------
  h1('Bewustwording en training');
  if (r.training.sessions.length === 0) {
    p(`In ${period} zijn geen trainingen of bijeenkomsten vastgelegd.`);
  } else {
    p(
      `In ${period} waren er ${num(r.training.sessions.length)} trainingen en bijeenkomsten met samen ${num(r.training.participants)} deelnemers ` +
        `uit ${num(r.training.departments.length)} afdelingen. Wie twee keer deelnam, telt twee keer mee.`,
    );
    chart('Deelnemers aan trainingen per afdeling', {
      type: 'hbar',
      alt: `Liggend staafdiagram: deelnemers aan trainingen per afdeling in ${period}. De aantallen staan in de tabel hieronder.`,
      categories: r.training.departments.map((d) => d.name),
      series: [{ name: 'Deelnemers', values: r.training.departments.map((d) => d.participants) }],
    });
    table({
      caption: 'Bereik per afdeling',
      head: ['Afdeling', 'Trainingen', 'Deelnemers'],
      rows: r.training.departments.map((d) => [d.name, num(d.sessions), num(d.participants)]),
    });
    table({
      caption: 'Trainingen en bijeenkomsten',
      head: ['Datum', 'Aanbieder', 'Onderwerp', 'Deelnemers'],
      widths: [1.5, 1.6, 3.5, 1.1],
      rows: r.training.sessions.map((s) => [dutchDate(s.heldOn), s.provider, s.topic, num(s.participants)]),
    });
  }

  // --- interventions ---------------------------------------------------------------------------
  h1('Bestuurlijke interventies');
  const iv = r.interventions;
  if (!iv.total.suppressed && iv.total.value === 0) {
    p(`In ${period} zijn geen bestuurlijke interventies vastgelegd.`);
  } else {
    p('Bestuurlijke instrumenten die barrières opwerpen tegen mensenhandel, zoals een Bibob-toets, sluiting van een pand of een last onder dwangsom. Kleine aantallen zijn ook hier beschermd.');
    const kinds = iv.kinds.filter((k) => !(isZero(k.years[0]) && isZero(k.years[1])));
    chart('Bestuurlijke interventies per soort', {
      type: 'bar',
      alt: `Staafdiagram: bestuurlijke interventies per soort in ${a} en ${b}. De aantallen staan in de tabel hieronder.`,
      categories: kinds.map((k) => INTERVENTION_LABEL[k.kind]),
      series: [
        { name: a, values: kinds.map((k) => chartValue(k.years[0])) },
        { name: b, values: kinds.map((k) => chartValue(k.years[1])) },
      ],
    });
    table({
      caption: 'Bestuurlijke interventies per soort',
      head: perYearHead('Soort'),
      rows: [...kinds.map((k) => [INTERVENTION_LABEL[k.kind], c(k.years[0]), c(k.years[1]), c(k.total)]), ['Totaal', c(iv.years[0]), c(iv.years[1]), c(iv.total)]],
      totalRows: [kinds.length],
    });
  }

  // --- regional context ------------------------------------------------------------------------
  if (r.context !== null) {
    h1('Regionale context');
    const series = r.context.filter((s) => s.points.length > 0);
    if (!series.length) p('Er zijn geen regionale cijfers vastgelegd.');
    else {
      p(
        'Cijfers van buiten de gemeente, ter vergelijking naast de eigen signalen. Het zijn gepubliceerde cijfers van anderen (zoals de registraties ' +
          'van de zorgcoördinator mensenhandel in de provincie); ze worden niet onderdrukt. De eigen signalen staan alleen bij de jaren van deze evaluatie.',
      );
      const years = [...new Set([...series.flatMap((s) => s.points.map((x) => x.year)), r.fromYear, r.toYear])].sort((x, y) => x - y);
      const own = (year: number): CountView | null => (year === r.fromYear ? y1.totals.signals : year === r.toYear ? y2.totals.signals : null);
      const ownName = `Signalen ${r.municipality || 'gemeente'}`;
      chart('Regionale cijfers en de eigen signalen per jaar', {
        type: 'line',
        alt: 'Lijndiagram: de regionale cijfers per jaar en de eigen signalen in de jaren van deze evaluatie. De cijfers staan in de tabel hieronder.',
        categories: years.map(String),
        series: [
          ...series.map((s) => ({ name: s.name, values: years.map((y) => s.points.find((x) => x.year === y)?.value ?? null) })),
          { name: ownName, values: years.map((y) => { const o = own(y); return o ? chartValue(o) : null; }) },
        ],
      });
      table({
        caption: 'Regionale cijfers per jaar',
        head: ['Jaar', ...series.map((s) => `${s.name} (${s.unit})`), ownName],
        rows: years.map((y) => [String(y), ...series.map((s) => { const v = s.points.find((x) => x.year === y); return v ? num(v.value) : '–'; }), own(y) ? c(own(y)!) : '–']),
      });
      p(`Bron: ${[...new Set(series.map((s) => s.source))].join('; ')}.`, true);
    }
  }

  // --- conclusions -----------------------------------------------------------------------------
  blocks.push({ kind: 'pageBreak' });
  h1('Conclusies en aanbevelingen');
  p('Door de aandachtsfunctionaris mensenhandel.', true);
  h2('Conclusies');
  if (r.conclusions.conclusions) p(r.conclusions.conclusions);
  else blocks.push({ kind: 'writingSpace', lines: 12, note: 'Nog in te vullen door de aandachtsfunctionaris.' });
  h2('Aanbevelingen');
  if (r.conclusions.recommendations) p(r.conclusions.recommendations);
  else blocks.push({ kind: 'writingSpace', lines: 10, note: 'Nog in te vullen door de aandachtsfunctionaris.' });

  return {
    title: `Evaluatie aanpak mensenhandel ${period}`,
    subtitle: 'Tweejaarlijkse evaluatie voor de gemeenteraad',
    municipality: r.municipality,
    period,
    generatedOn: dutchDate(r.generatedOn),
    protection: `Aantallen onder de ${t} worden niet getoond ("< ${t}"), ook niet via totalen. Dit rapport bevat geen persoonsgegevens.`,
    blocks,
  };
}
