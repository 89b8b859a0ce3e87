import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { rawRows, type DbOrTx } from '../../db/client.js';
import { departments, partners } from '../../db/schema/index.js';
import type { LeadTimeStep } from '../../../shared/api/dashboard.js';
import { EXPLOITATION_FORMS, SIGNAL_STATES, type PartnerKind, type SignalOutcome, type SignalState, type SourceContext } from '../../../shared/domain.js';
import { addMonths, type SignalAtom } from './dashboard.figures.js';
import type { FeedbackBin, LeadTimeBin } from './month-facts.js';

/**
 * Aggregate queries for the dashboard. Periods are months in Europe/Amsterdam: a signal belongs
 * to the month in which it was received, local time. No free text and no person is read here.
 */

/**
 * Local received month in [from, to] (inclusive, YYYY-MM). The local month edges are turned into
 * instants once (`timestamp at time zone` gives a timestamptz), so the condition is a plain range on
 * received_at that the index signals_received_idx (municipality_id, received_at) serves. Month edges
 * are local midnights on the 1st, never in a daylight-saving gap or overlap, so this is the same as
 * comparing the local time of each row.
 */
function receivedBetween(from: string, to: string): SQL {
  return sql`s.received_at >= (${`${from}-01`}::timestamp at time zone 'Europe/Amsterdam')
    and s.received_at < (${`${addMonths(to, 1)}-01`}::timestamp at time zone 'Europe/Amsterdam')`;
}

/**
 * The signal's forms as a sorted array without a subquery per row: one `case` per known form, in
 * sorted order (EXPLOITATION_FORMS is a closed set, enforced by the API schema).
 */
const sortedForms = sql.raw(
  `array_remove(array[${[...EXPLOITATION_FORMS]
    .sort()
    .map((f) => `case when '${f}' = any(s.exploitation_forms) then '${f}' end`)
    .join(', ')}], null)`,
);

/** Signals with at least one of the forms; null = all. */
function withForms(forms: readonly string[] | null): SQL {
  return forms ? sql`and s.exploitation_forms && ${`{${forms.join(',')}}`}::text[]` : sql``;
}

/**
 * The atoms: signals grouped by everything the counts distinguish (month received, forms,
 * department, source context, referred to an outside partner, partners referred to, partners
 * that gave feedback), with their number.
 */
export async function signalAtoms(db: DbOrTx, municipalityId: string, from: string, to: string): Promise<SignalAtom[]> {
  const rows = await rawRows<{
    month: string;
    forms: string[];
    department_id: string | null;
    source_context: string | null;
    referred: boolean;
    partner_ids: string[];
    feedback_partner_ids: string[];
    n: number | string;
  }>(
    db,
    // One pass over the period's signals and one grouped pass over their referrals (hash join),
    // instead of three correlated subqueries per signal.
    sql`with s as (
      select s.id, s.received_at, s.exploitation_forms, s.reporter_department_id, s.source_context
      from signals s
      where s.municipality_id = ${municipalityId} and ${receivedBetween(from, to)}
    ),
    r as (
      select r.signal_id,
        bool_or(p.kind = 'external') as referred,
        array_agg(distinct r.partner_id::text order by r.partner_id::text) as partner_ids,
        array_agg(distinct r.partner_id::text order by r.partner_id::text) filter (where r.feedback_received_on is not null) as feedback_partner_ids
      from referrals r join partners p on p.id = r.partner_id
      where r.signal_id in (select id from s)
      group by r.signal_id
    )
    select to_char(s.received_at at time zone 'Europe/Amsterdam', 'YYYY-MM') as month,
      ${sortedForms} as forms,
      s.reporter_department_id::text as department_id,
      s.source_context,
      coalesce(r.referred, false) as referred,
      coalesce(r.partner_ids, '{}') as partner_ids,
      coalesce(r.feedback_partner_ids, '{}') as feedback_partner_ids,
      count(*) as n
    from s left join r on r.signal_id = s.id
    group by 1, 2, 3, 4, 5, 6, 7`,
  );
  return rows.map((r) => ({
    month: r.month,
    forms: r.forms,
    departmentId: r.department_id,
    sourceContext: r.source_context,
    referred: r.referred,
    partnerIds: r.partner_ids,
    feedbackPartnerIds: r.feedback_partner_ids,
    n: Number(r.n),
  }));
}

export async function listPartnersForStats(db: DbOrTx, municipalityId: string) {
  return db
    .select({ id: partners.id, name: partners.name, kind: partners.kind })
    .from(partners)
    .where(eq(partners.municipalityId, municipalityId))
    .orderBy(asc(partners.name), asc(partners.id));
}

export async function listDepartmentsForStats(db: DbOrTx, municipalityId: string) {
  return db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.municipalityId, municipalityId))
    .orderBy(asc(departments.name), asc(departments.id));
}

/**
 * Per signal the dates of the route, as local calendar dates. The first referral and the first
 * reporter feedback come from one grouped pass each over the period's signals (not a subquery per signal).
 */
const routeDates = (municipalityId: string, from: string, to: string, forms: readonly string[] | null) => sql`
  with ps as (
    select s.id, s.received_at, s.registered_at, s.state, s.closed_at, ${sortedForms} as forms
    from signals s
    where s.municipality_id = ${municipalityId} and ${receivedBetween(from, to)} ${withForms(forms)}
  ),
  fr as (select r.signal_id, min(r.referred_on) as referred from referrals r where r.signal_id in (select id from ps) group by r.signal_id),
  fi as (select f.signal_id, min(f.given_on) as informed from reporter_feedback f where f.signal_id in (select id from ps) group by f.signal_id)
  select ps.id, ps.forms,
    (ps.received_at at time zone 'Europe/Amsterdam')::date as received,
    (ps.registered_at at time zone 'Europe/Amsterdam')::date as registered,
    fr.referred,
    fi.informed,
    case when ps.state = 'closed' then (ps.closed_at at time zone 'Europe/Amsterdam')::date end as closed
  from ps left join fr on fr.signal_id = ps.id left join fi on fi.signal_id = ps.id`;

/**
 * Lead times per step in days: number of signals that went through the step, median and 90th
 * percentile (percentile_cont, so interpolated). "Referred" is the first referral's date.
 */
export async function leadTimes(
  db: DbOrTx,
  municipalityId: string,
  from: string,
  to: string,
  forms: readonly string[] | null,
): Promise<{ step: LeadTimeStep; n: number; median: number | null; p90: number | null }[]> {
  const rows = await rawRows<{ step: LeadTimeStep; n: number | string; median: number | string | null; p90: number | string | null }>(
    db,
    sql`with d as (${routeDates(municipalityId, from, to, forms)}),
    steps as (
      select 'received_registered' as step, registered - received as days from d where registered is not null
      union all select 'registered_referred', referred - registered from d where referred is not null and registered is not null
      union all select 'referred_informed', informed - referred from d where informed is not null and referred is not null
      union all select 'informed_closed', closed - informed from d where closed is not null and informed is not null
      union all select 'received_closed', closed - received from d where closed is not null
    )
    select step, count(*) as n,
      percentile_cont(0.5) within group (order by days) as median,
      percentile_cont(0.9) within group (order by days) as p90
    from steps group by step`,
  );
  return rows.map((r) => ({
    step: r.step,
    n: Number(r.n),
    median: r.median === null ? null : Number(r.median),
    p90: r.p90 === null ? null : Number(r.p90),
  }));
}

/** One month's lead times as a histogram: per sorted form set, step and number of days, the number of signals. */
export async function leadTimeHistogram(db: DbOrTx, municipalityId: string, month: string): Promise<LeadTimeBin[]> {
  const rows = await rawRows<{ forms: string[]; step: LeadTimeStep; days: number | string; n: number | string }>(
    db,
    sql`with d as (${routeDates(municipalityId, month, month, null)}),
    steps as (
      select forms, 'received_registered' as step, registered - received as days from d where registered is not null
      union all select forms, 'registered_referred', referred - registered from d where referred is not null and registered is not null
      union all select forms, 'referred_informed', informed - referred from d where informed is not null and referred is not null
      union all select forms, 'informed_closed', closed - informed from d where closed is not null and informed is not null
      union all select forms, 'received_closed', closed - received from d where closed is not null
    )
    select forms, step, days, count(*) as n from steps group by 1, 2, 3`,
  );
  return rows.map((r) => ({ forms: r.forms, step: r.step, days: Number(r.days), n: Number(r.n) }));
}

/** One month's feedback times as a histogram: per sorted form set, partner and days from referral to feedback. */
export async function feedbackHistogram(db: DbOrTx, municipalityId: string, month: string): Promise<FeedbackBin[]> {
  const rows = await rawRows<{ forms: string[]; partner_id: string; days: number | string; n: number | string }>(
    db,
    sql`select ${sortedForms} as forms, r.partner_id::text as partner_id, r.feedback_received_on - r.referred_on as days, count(*) as n
      from referrals r join signals s on s.id = r.signal_id
      where s.municipality_id = ${municipalityId} and ${receivedBetween(month, month)} and r.feedback_received_on is not null
      group by 1, 2, 3`,
  );
  return rows.map((r) => ({ forms: r.forms, partnerId: r.partner_id, days: Number(r.days), n: Number(r.n) }));
}

/** Median days from referral to feedback received, per partner (referrals of the period's signals). */
export async function feedbackDays(
  db: DbOrTx,
  municipalityId: string,
  from: string,
  to: string,
  forms: readonly string[] | null,
): Promise<Map<string, { n: number; median: number }>> {
  const rows = await rawRows<{ partner_id: string; n: number | string; median: number | string }>(
    db,
    sql`select r.partner_id::text as partner_id, count(*) as n,
        percentile_cont(0.5) within group (order by r.feedback_received_on - r.referred_on) as median
      from referrals r join signals s on s.id = r.signal_id
      where s.municipality_id = ${municipalityId} and ${receivedBetween(from, to)} ${withForms(forms)}
        and r.feedback_received_on is not null
      group by r.partner_id`,
  );
  return new Map(rows.map((r) => [r.partner_id, { n: Number(r.n), median: Number(r.median) }]));
}

const OPEN_STATES = SIGNAL_STATES.filter((x) => x !== 'closed');

/** Open signals per state now, and referrals whose feedback is overdue (due before today, not received). */
export async function openWork(db: DbOrTx, municipalityId: string, today: string): Promise<{ byState: Map<SignalState, number>; overdue: number }> {
  // The two counts are independent: asked at the same time (the pool has more than one connection).
  const [states, [overdue]] = await Promise.all([
    rawRows<{ state: SignalState; n: number | string }>(
      db,
      // `state in (…open states)`, not `<> 'closed'`: three probes of signals_state_idx instead of a scan.
      sql`select s.state, count(*) as n from signals s
        where s.municipality_id = ${municipalityId} and s.state = any(${`{${OPEN_STATES.join(',')}}`}::text[]) group by s.state`,
    ),
    rawRows<{ n: number | string }>(
      db,
      // Exactly the predicate of the partial index referrals_awaiting_due_idx: an index-only scan.
      sql`select count(*) as n from referrals r
        where r.municipality_id = ${municipalityId} and r.state in ('sent', 'feedback_requested')
          and r.feedback_received_on is null and r.feedback_due_on < ${today}::date`,
    ),
  ]);
  return { byState: new Map(states.map((r) => [r.state, Number(r.n)])), overdue: Number(overdue?.n ?? 0) };
}

export interface SignalExportRow {
  id: string;
  month: string;
  forms: string[];
  departmentName: string | null;
  sourceContext: SourceContext | null;
  state: SignalState;
  outcome: SignalOutcome | null;
  registeredDays: number | null;
  referredDays: number | null;
  informedDays: number | null;
  closedDays: number | null;
  referredExternal: boolean;
  partnerKinds: PartnerKind[];
}

/**
 * The coordinator's pseudonymised signal rows: facts only (no number, no free text, no person,
 * no reporter). Lead times in days from receipt. The id is used for the pseudonym only.
 */
export async function signalRows(db: DbOrTx, municipalityId: string, from: string, to: string): Promise<SignalExportRow[]> {
  const rows = await rawRows<{
    id: string;
    month: string;
    forms: string[];
    department_name: string | null;
    source_context: SourceContext | null;
    state: SignalState;
    outcome: SignalOutcome | null;
    registered_days: number | null;
    referred_days: number | null;
    informed_days: number | null;
    closed_days: number | null;
    referred_external: boolean;
    partner_kinds: PartnerKind[];
  }>(
    db,
    sql`with d as (${routeDates(municipalityId, from, to, null)})
    select s.id::text as id,
      to_char(s.received_at at time zone 'Europe/Amsterdam', 'YYYY-MM') as month,
      array(select unnest(s.exploitation_forms) order by 1) as forms,
      dep.name as department_name, s.source_context, s.state, s.outcome,
      d.registered - d.received as registered_days,
      d.referred - d.received as referred_days,
      d.informed - d.received as informed_days,
      d.closed - d.received as closed_days,
      exists (select 1 from referrals r join partners p on p.id = r.partner_id where r.signal_id = s.id and p.kind = 'external') as referred_external,
      array(select distinct p.kind from referrals r join partners p on p.id = r.partner_id where r.signal_id = s.id order by 1) as partner_kinds
    from d join signals s on s.id = d.id
    left join departments dep on dep.id = s.reporter_department_id
    order by 2`,
  );
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    forms: r.forms,
    departmentName: r.department_name,
    sourceContext: r.source_context,
    state: r.state,
    outcome: r.outcome,
    registeredDays: r.registered_days === null ? null : Number(r.registered_days),
    referredDays: r.referred_days === null ? null : Number(r.referred_days),
    informedDays: r.informed_days === null ? null : Number(r.informed_days),
    closedDays: r.closed_days === null ? null : Number(r.closed_days),
    referredExternal: r.referred_external,
    partnerKinds: r.partner_kinds,
  }));
}
