import { DEFAULT_SMALL_CELL_THRESHOLD } from '../../../shared/api/admin.js';
import type { DashboardView } from '../../../shared/api/dashboard.js';
import { ACTIVITY_STATUSES, AMBITIONS, INTERVENTION_KINDS, PILLARS, type ActivityStatus, type InterventionKind, type Pillar } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { carriedOverIds, countInterventionsByKind, listActivities, listSessions, participationOf } from '../policy/policy.repo.js';
import { createDashboardService } from '../stats/dashboard.service.js';
import { shownCount, suppressCells, sumOf, type Cell, type CountView } from '../stats/suppression.js';
import { contextSeriesOf, findConclusions, type ContextSeriesRow } from './evaluation.repo.js';

/**
 * The content of the biennial evaluation report (issue 5.4), gathered once and rendered as PDF or
 * DOCX. It leaves the coordinator, so every count about signals and interventions is PROTECTED:
 * each calendar year is the analyst's protected table family (threshold + complementary
 * suppression, dashboard.figures.ts); a two-year total is given only where both years are shown.
 * Nothing in it names a person: no signal, reporter, involved person, owner of an activity or
 * intervention note; activity titles and training topics are the coordinator's policy texts.
 */
export interface EvaluationReport {
  municipality: string;
  fromYear: number;
  toYear: number;
  /** YYYY-MM-DD (Europe/Amsterdam). */
  generatedOn: string;
  threshold: number;
  /** The protected views of the two calendar years (quarters). */
  years: [DashboardView, DashboardView];
  plan: {
    activities: { title: string; ambition: number; pillar: Pillar; status: ActivityStatus; dueOn: string | null; carriedFrom: boolean; carriedOver: boolean }[];
    byAmbition: (StatusCounts & { ambition: number })[];
    byPillar: (StatusCounts & { pillar: Pillar })[];
    totals: StatusCounts;
  };
  training: {
    sessions: { heldOn: string; provider: string; topic: string; participants: number }[];
    departments: { name: string; sessions: number; participants: number }[];
    participants: number;
  };
  interventions: {
    kinds: { kind: InterventionKind; years: [CountView, CountView]; total: CountView }[];
    years: [CountView, CountView];
    total: CountView;
  };
  /** Regional context series; null when that part of the application is not there. */
  context: ContextSeriesRow[] | null;
  conclusions: { conclusions: string | null; recommendations: string | null; updatedAt: string | null };
}

export type StatusCounts = Record<ActivityStatus | 'total', number>;
const emptyCounts = (): StatusCounts => ({ planned: 0, started: 0, done: 0, dropped: 0, total: 0 });

/**
 * A count over both years: given only when both years are shown (else it would reveal a hidden one).
 * Not given is `{ value: null, suppressed: false }` ("–", not added up), unlike a suppressed cell.
 */
export function twoYearTotal(a: CountView, b: CountView): CountView {
  if (a.suppressed || b.suppressed || a.value === null || b.value === null) return { value: null, suppressed: false };
  return { value: a.value + b.value, suppressed: false };
}

/** Interventions per kind and year, protected as one table with its row and column totals. */
export function protectInterventions(perYear: [Map<InterventionKind, number>, Map<InterventionKind, number>], threshold: number): EvaluationReport['interventions'] {
  const cells = new Map<string, Cell>();
  const put = (id: string, value: number) => cells.set(id, { value, kind: 'published' });
  const kindYear = (k: string, y: number) => `k:${k}:${y}`;
  const yearTotals = [0, 1].map((y) => INTERVENTION_KINDS.reduce((s, k) => s + (perYear[y]!.get(k) ?? 0), 0));
  for (const k of INTERVENTION_KINDS) {
    for (const y of [0, 1]) put(kindYear(k, y), perYear[y]!.get(k) ?? 0);
    put(`k:${k}:t`, (perYear[0].get(k) ?? 0) + (perYear[1].get(k) ?? 0));
  }
  put('t:0', yearTotals[0]!);
  put('t:1', yearTotals[1]!);
  put('t:t', yearTotals[0]! + yearTotals[1]!);
  const constraints = [
    ...[0, 1].map((y) => sumOf(`t:${y}`, INTERVENTION_KINDS.map((k) => kindYear(k, y)))),
    ...INTERVENTION_KINDS.map((k) => sumOf(`k:${k}:t`, [kindYear(k, 0), kindYear(k, 1)])),
    sumOf('t:t', ['t:0', 't:1']),
    sumOf('t:t', INTERVENTION_KINDS.map((k) => `k:${k}:t`)),
  ];
  const hidden = suppressCells(cells, constraints, threshold);
  const view = (id: string) => shownCount(cells.get(id)!.value, hidden.has(id));
  return {
    kinds: INTERVENTION_KINDS.map((kind) => ({ kind, years: [view(kindYear(kind, 0)), view(kindYear(kind, 1))], total: view(`k:${kind}:t`) })),
    years: [view('t:0'), view('t:1')],
    total: view('t:t'),
  };
}

/**
 * Gather the report for the two calendar years `fromYear` and `fromYear + 1`. No permission check
 * and no audit: the service does both (and a benchmark may call this directly).
 */
export async function buildEvaluationReport(deps: { db: Db; clock: Clock }, municipalityId: string, fromYear: number): Promise<EvaluationReport> {
  const { db, clock } = deps;
  const toYear = fromYear + 1;
  const dashboard = createDashboardService({ db, clock });
  const municipality = await findMunicipality(db, municipalityId);
  const threshold = municipality?.settings.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
  const [year1, year2, activities, sessions, kinds1, kinds2, context, conclusions] = await Promise.all([
    dashboard.protectedYear(municipalityId, fromYear),
    dashboard.protectedYear(municipalityId, toYear),
    listActivities(db, municipalityId, fromYear),
    listSessions(db, municipalityId),
    countInterventionsByKind(db, municipalityId, `${fromYear}-01-01`, `${fromYear}-12-31`),
    countInterventionsByKind(db, municipalityId, `${toYear}-01-01`, `${toYear}-12-31`),
    contextSeriesOf(db, municipalityId),
    findConclusions(db, municipalityId, fromYear),
  ]);

  // The implementation plan of the period.
  const carried = await carriedOverIds(db, municipalityId, activities.map((a) => a.id));
  const byAmbition = AMBITIONS.map((ambition) => ({ ambition: ambition as number, ...emptyCounts() }));
  const byPillar = PILLARS.map((pillar) => ({ pillar, ...emptyCounts() }));
  const totals = emptyCounts();
  for (const a of activities) {
    for (const group of [byAmbition.find((g) => g.ambition === a.ambition), byPillar.find((g) => g.pillar === a.pillar), totals]) {
      if (!group) continue;
      group[a.status]++;
      group.total++;
    }
  }
  const statusOrder = (s: ActivityStatus) => ACTIVITY_STATUSES.indexOf(s);

  // Training sessions held in the two years, and participants per department.
  const inPeriod = sessions.filter((s) => s.heldOn >= `${fromYear}-01-01` && s.heldOn <= `${toYear}-12-31`).sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  const participation = await participationOf(db, inPeriod.map((s) => s.id));
  const perSession = new Map<string, number>();
  const perDepartment = new Map<string, { name: string; sessions: number; participants: number }>();
  for (const p of participation) {
    perSession.set(p.sessionId, (perSession.get(p.sessionId) ?? 0) + p.participants);
    const d = perDepartment.get(p.departmentId) ?? { name: p.departmentName, sessions: 0, participants: 0 };
    d.sessions++;
    d.participants += p.participants;
    perDepartment.set(p.departmentId, d);
  }

  return {
    municipality: municipality?.name ?? '',
    fromYear,
    toYear,
    generatedOn: clock.today(),
    threshold,
    years: [year1, year2],
    plan: {
      activities: activities
        .map((a) => ({
          title: a.title,
          ambition: a.ambition,
          pillar: a.pillar,
          status: a.status,
          dueOn: a.dueOn,
          carriedFrom: a.carriedFromId !== null,
          carriedOver: carried.has(a.id),
        }))
        .sort((a, b) => a.ambition - b.ambition || statusOrder(a.status) - statusOrder(b.status) || a.title.localeCompare(b.title, 'nl')),
      byAmbition,
      byPillar,
      totals,
    },
    training: {
      sessions: inPeriod.map((s) => ({ heldOn: s.heldOn, provider: s.provider, topic: s.topic, participants: perSession.get(s.id) ?? 0 })),
      departments: [...perDepartment.values()].sort((a, b) => b.participants - a.participants || a.name.localeCompare(b.name, 'nl')),
      participants: [...perSession.values()].reduce((a, b) => a + b, 0),
    },
    interventions: protectInterventions([kinds1, kinds2], threshold),
    context,
    conclusions: {
      conclusions: conclusions?.conclusions ?? null,
      recommendations: conclusions?.recommendations ?? null,
      updatedAt: conclusions?.updatedAt.toISOString() ?? null,
    },
  };
}
