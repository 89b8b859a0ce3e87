/**
 * Bulk loader for the dashboard benchmark (bench/dashboard.bench.ts): realistic signal rows written
 * DIRECTLY into the real tables with batched `insert … select … from unnest(…)`, because 1M signals
 * through SignalService.submit would take hours.
 *
 * What is written (everything the dashboard and the evaluation's figures read, see
 * src/server/modules/stats/dashboard.repo.ts):
 *  - signals: received_at over several years with a growth trend, a seasonal monthly pattern and office
 *    hours; state (recent signals still open, older ones almost all closed) and outcome; one or more
 *    exploitation forms; reporting department (some none); source context (some unknown); registered_at,
 *    closed_at; acute danger, victim involved, for_meeting;
 *  - referrals: for signals that were referred, one to three partners (mostly outside partners, some
 *    to the internal meldcode role), referred_on after registration, feedback_due_on six weeks later,
 *    feedback_received_on for most (late for some), the referral state to match;
 *  - reporter_feedback: the date the reporter was informed, for most handled signals.
 * The lead times the dashboard computes come from these dates (received_at → registered_at → first
 * referred_on → first given_on → closed_at). signal_history is NOT written: the dashboard does not read it.
 *
 * Encrypted columns (crypto/encrypted-columns.ts): `signals.explanation` (not null), `signals.place` and
 * `signals.reporter_ref`, and `reporter_feedback.text` (not null) hold ONE dummy ciphertext made by the
 * run's real vault (so the rows have a realistic width), bound to a dummy record id: they cannot be
 * decrypted for the row they are in. The dashboard never reads them. Nullable encrypted columns of
 * referrals (shared_note, feedback_text) stay null. No persons, organisations or addresses are attached.
 *
 * Deterministic for a given seed (except the uuids).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rawRows, type DbOrTx } from '../../src/server/db/client.js';
import type { Vault } from '../../src/server/crypto/vault.js';
import { EXPLOITATION_FORMS, REFERRAL_CHANNELS, SOURCE_CONTEXTS, type ExploitationForm } from '../../src/shared/domain.js';

export interface BulkOptions {
  municipalityId: string;
  /** Writes referrals and reporter feedback (created_by_id). */
  coordinatorId: string;
  vault: Vault;
  signals: number;
  /** Calendar years received, inclusive (e.g. 2019..2026); the last one is cut at `today`. */
  firstYear: number;
  lastYear: number;
  /** YYYY-MM-DD: nothing is received after it; decides which signals are still open. */
  today: string;
  seed?: number;
  batchRows?: number;
  onProgress?: (done: number) => void;
}

export interface BulkTruth {
  signals: number;
  referrals: number;
  reporterFeedback: number;
  /** Signals per calendar year received (Europe/Amsterdam is approximated by UTC+1 here: the year edges may differ by an hour). */
  perYear: Record<number, number>;
  /** Signals with state ≠ closed. */
  open: number;
}

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
/** PostgreSQL array literal of text (NULL for null). */
function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Weighted choice: `weights` in the order of `items`. */
function picker<T>(items: readonly T[], weights: readonly number[]) {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const cum = weights.map((w) => (sum += w / total));
  return (r: number): T => {
    const i = cum.findIndex((c) => r < c);
    return items[i < 0 ? items.length - 1 : i]!;
  };
}

/** Exponential-ish number of days with the given mean (rounded down, at least `min`). */
const daysWithMean = (r: number, mean: number, min = 0) => Math.max(min, Math.floor(-Math.log(1 - r * 0.999) * mean));

export async function loadSignalsDirect(db: DbOrTx, o: BulkOptions): Promise<BulkTruth> {
  const rnd = prng(o.seed ?? 1);
  const batchRows = o.batchRows ?? 5000;
  const departments = (await rawRows<{ id: string }>(db, sql`select id::text as id from departments where municipality_id = ${o.municipalityId} order by name`)).map((r) => r.id);
  const partnerRows = await rawRows<{ id: string; kind: string }>(db, sql`select id::text as id, kind from partners where municipality_id = ${o.municipalityId} order by name`);
  const external = partnerRows.filter((p) => p.kind === 'external').map((p) => p.id);
  const internal = partnerRows.filter((p) => p.kind !== 'external').map((p) => p.id);
  if (!departments.length || !external.length) throw new Error('the municipality has no departments or partners');

  // One dummy ciphertext per column, from the real vault (a realistic width; bound to a dummy id).
  const dummyId = '00000000-0000-0000-0000-000000000000';
  const explanation = o.vault.encrypt('x'.repeat(320), `signals.explanation:${dummyId}`);
  const place = o.vault.encrypt('Achter de kerk, Lopik', `signals.place:${dummyId}`);
  const reporterRef = o.vault.encrypt(JSON.stringify({ reporterId: dummyId, submittedById: dummyId }), `signals.reporter_ref:${dummyId}`);
  const feedbackText = o.vault.encrypt('De melder is geïnformeerd over de afhandeling.', `reporter_feedback.text:${dummyId}`);

  // When signals are received: years with growth, months with a seasonal pattern (more in spring and autumn,
  // fewer in the summer holidays and at Christmas), working days and office hours mostly.
  const start = Date.UTC(o.firstYear, 0, 1);
  const end = Math.min(Date.UTC(o.lastYear + 1, 0, 1), Date.parse(`${o.today}T00:00:00Z`) + DAY);
  const todayMs = Date.parse(`${o.today}T12:00:00Z`);
  const season = [0.9, 1.0, 1.15, 1.1, 1.05, 1.0, 0.75, 0.7, 1.05, 1.15, 1.1, 0.8];
  const days: number[] = [];
  const dayWeight: number[] = [];
  for (let t = start; t < end; t += DAY) {
    const d = new Date(t);
    const yearIndex = d.getUTCFullYear() - o.firstYear;
    const weekday = d.getUTCDay();
    days.push(t);
    dayWeight.push((1 + 0.12 * yearIndex) * season[d.getUTCMonth()]! * (weekday === 0 || weekday === 6 ? 0.15 : 1));
  }
  // Cumulative weights → receipt day by binary search.
  const cum = new Float64Array(days.length);
  let acc = 0;
  dayWeight.forEach((w, i) => (cum[i] = acc += w));
  const dayOf = (r: number) => {
    const x = r * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return days[lo]!;
  };

  const form = picker<ExploitationForm>(EXPLOITATION_FORMS, [34, 36, 16, 0.4, 13.6]);
  const department = picker<string | null>([...departments, null], [...departments.map((_, i) => [10, 6, 4, 22, 30, 18][i] ?? 8), 10]);
  const context = picker<string | null>([...SOURCE_CONTEXTS, null], [30, 18, 14, 6, 8, 12, 4, 8]);
  const outcome = picker(['referred', 'no_grounds', 'insufficient_information', 'duplicate'] as const, [55, 20, 20, 5]);
  const channel = picker(REFERRAL_CHANNELS, [25, 35, 15, 15, 5, 5]);
  const victim = picker(['yes', 'no', 'unknown'] as const, [35, 15, 50]);

  // Signal numbers: per year of receipt, in order of generation (unique, not chronological: not read by the dashboard).
  const counters = new Map<number, number>();
  const truth: BulkTruth = { signals: 0, referrals: 0, reporterFeedback: 0, perYear: {}, open: 0 };

  type S = (string | null)[];
  let sig: Record<string, S> = {};
  let ref: Record<string, S> = {};
  let fb: Record<string, S> = {};
  const reset = () => {
    sig = Object.fromEntries(
      ['id', 'number', 'state', 'observed', 'forms', 'acute', 'victim', 'context', 'department', 'meeting', 'outcome', 'received', 'registered', 'closed'].map((k) => [k, []]),
    );
    ref = Object.fromEntries(['signal', 'partner', 'state', 'referred', 'channel', 'due', 'requested', 'received', 'closed'].map((k) => [k, []]));
    fb = Object.fromEntries(['signal', 'given'].map((k) => [k, []]));
  };
  reset();

  const flush = async () => {
    const n = sig.id!.length;
    if (!n) return;
    const a = (k: string, rows: Record<string, S>) => pgArray(rows[k]!);
    await db.execute(sql`insert into signals (id, municipality_id, number, state, observed_on, place, explanation, exploitation_forms,
        acute_danger, victim_involved, source_context, reporter_ref, reporter_department_id, for_meeting, outcome, received_at,
        registered_at, closed_at, updated_at)
      select t.id::uuid, ${o.municipalityId}::uuid, t.number, t.state, t.observed::date, ${place}, ${explanation}, t.forms::text[],
        t.acute::boolean, t.victim, t.context, ${reporterRef}, t.department::uuid, t.meeting::boolean, t.outcome, t.received::timestamptz,
        t.registered::timestamptz, t.closed::timestamptz, coalesce(t.closed, t.registered, t.received)::timestamptz
      from unnest(${a('id', sig)}::text[], ${a('number', sig)}::text[], ${a('state', sig)}::text[], ${a('observed', sig)}::text[],
        ${a('forms', sig)}::text[], ${a('acute', sig)}::text[], ${a('victim', sig)}::text[], ${a('context', sig)}::text[],
        ${a('department', sig)}::text[], ${a('meeting', sig)}::text[], ${a('outcome', sig)}::text[], ${a('received', sig)}::text[],
        ${a('registered', sig)}::text[], ${a('closed', sig)}::text[])
        as t(id, number, state, observed, forms, acute, victim, context, department, meeting, outcome, received, registered, closed)`);
    if (ref.signal!.length) {
      await db.execute(sql`insert into referrals (signal_id, municipality_id, partner_id, state, referred_on, channel, feedback_due_on,
          feedback_requested_on, feedback_received_on, closed_at, created_by_id, created_at)
        select t.signal::uuid, ${o.municipalityId}::uuid, t.partner::uuid, t.state, t.referred::date, t.channel, t.due::date, t.requested::date,
          t.received::date, t.closed::timestamptz, ${o.coordinatorId}::uuid, t.referred::timestamptz
        from unnest(${a('signal', ref)}::text[], ${a('partner', ref)}::text[], ${a('state', ref)}::text[], ${a('referred', ref)}::text[],
          ${a('channel', ref)}::text[], ${a('due', ref)}::text[], ${a('requested', ref)}::text[], ${a('received', ref)}::text[],
          ${a('closed', ref)}::text[]) as t(signal, partner, state, referred, channel, due, requested, received, closed)`);
    }
    if (fb.signal!.length) {
      await db.execute(sql`insert into reporter_feedback (signal_id, given_on, impossible, text, created_by_id, created_at)
        select t.signal::uuid, t.given::date, false, ${feedbackText}, ${o.coordinatorId}::uuid, t.given::timestamptz
        from unnest(${a('signal', fb)}::text[], ${a('given', fb)}::text[]) as t(signal, given)`);
    }
    truth.signals += n;
    o.onProgress?.(truth.signals);
    reset();
  };

  for (let i = 0; i < o.signals; i++) {
    const id = randomUUID();
    // Office hours 08:00–18:00 local (UTC+1 approximation), some outside.
    const hour = rnd() < 0.9 ? 7 + rnd() * 10 : rnd() * 24;
    const received = Math.min(dayOf(rnd()) + hour * 3_600_000, todayMs - 3_600_000);
    const year = new Date(received + 3_600_000).getUTCFullYear();
    truth.perYear[year] = (truth.perYear[year] ?? 0) + 1;
    const seq = (counters.get(year) ?? 0) + 1;
    counters.set(year, seq);
    const age = (todayMs - received) / DAY;

    const forms = new Set<ExploitationForm>([form(rnd())]);
    if (rnd() < 0.14) forms.add(form(rnd()));
    if (rnd() < 0.02) forms.add(form(rnd()));

    // Route: registered after a few days; the later steps follow with their own delays.
    const registeredAt = received + daysWithMean(rnd(), 3) * DAY + rnd() * 8 * 3_600_000;
    const referredOn = registeredAt + daysWithMean(rnd(), 6) * DAY;
    // How far along the signal is now: older signals are almost all closed.
    const r = rnd();
    let state: 'received' | 'registered' | 'referred' | 'closed';
    if (registeredAt > todayMs || (age < 14 && r < 0.35) || (age >= 14 && r < 0.002)) state = 'received';
    else if (age < 60 && r < 0.55) state = 'registered';
    else if (age < 180 && r < 0.8) state = 'referred';
    else if (r < 0.03) state = 'referred';
    else state = 'closed';
    if (state === 'closed' && age < 20) state = 'registered';
    const out = state === 'closed' ? outcome(rnd()) : null;
    const referred = state === 'referred' || out === 'referred' || (out === 'no_grounds' && rnd() < 0.1);
    const referredMs = Math.min(referredOn, todayMs);

    let firstReferral: number | null = null;
    if (referred) {
      const k = rnd() < 0.7 ? 1 : rnd() < 0.8 ? 2 : 3;
      const chosen = new Set<string>();
      for (let j = 0; j < k; j++) chosen.add(rnd() < 0.06 && internal.length ? internal[Math.floor(rnd() * internal.length)]! : external[Math.floor(rnd() * external.length)]!);
      let j = 0;
      for (const partner of chosen) {
        const on = Math.min(referredMs + (j++ ? daysWithMean(rnd(), 4) * DAY : 0), todayMs);
        firstReferral = firstReferral === null ? on : Math.min(firstReferral, on);
        const due = on + 42 * DAY;
        const fbDays = daysWithMean(rnd(), 25, 1);
        const gotFeedback = rnd() < 0.78 && on + fbDays * DAY <= todayMs;
        const requested = !gotFeedback && due < todayMs && rnd() < 0.6 ? isoDay(due + 2 * DAY) : null;
        const closedSignal = state === 'closed';
        ref.signal!.push(id);
        ref.partner!.push(partner);
        ref.state!.push(closedSignal ? 'closed' : gotFeedback ? 'feedback_received' : requested ? 'feedback_requested' : 'sent');
        ref.referred!.push(isoDay(on));
        ref.channel!.push(channel(rnd()));
        ref.due!.push(isoDay(due));
        ref.requested!.push(requested);
        ref.received!.push(gotFeedback ? isoDay(on + fbDays * DAY) : null);
        ref.closed!.push(closedSignal ? new Date(Math.min(on + (fbDays + 3) * DAY, todayMs)).toISOString() : null);
        truth.referrals++;
      }
    }
    // The reporter is informed after the referral (or after registration when not referred).
    let informed: number | null = null;
    if (state !== 'received' && rnd() < (state === 'closed' ? 0.85 : 0.4)) {
      informed = Math.min((firstReferral ?? registeredAt) + daysWithMean(rnd(), 5, 1) * DAY, todayMs);
      fb.signal!.push(id);
      fb.given!.push(isoDay(informed));
      truth.reporterFeedback++;
    }
    const closedAt = state === 'closed' ? Math.min(Math.max(informed ?? 0, firstReferral ?? 0, registeredAt) + daysWithMean(rnd(), 20, 1) * DAY, todayMs) : null;
    if (state !== 'closed') truth.open++;

    sig.id!.push(id);
    sig.number!.push(`MH-${year}-${String(seq).padStart(6, '0')}`);
    sig.state!.push(state);
    sig.observed!.push(isoDay(received - daysWithMean(rnd(), 10) * DAY));
    sig.forms!.push(pgArray([...forms]));
    sig.acute!.push(rnd() < 0.04 ? 'true' : 'false');
    sig.victim!.push(victim(rnd()));
    sig.context!.push(context(rnd()));
    sig.department!.push(department(rnd()));
    sig.meeting!.push(rnd() < 0.2 ? 'true' : 'false');
    sig.outcome!.push(out);
    sig.received!.push(new Date(received).toISOString());
    sig.registered!.push(state === 'received' ? null : new Date(registeredAt).toISOString());
    sig.closed!.push(closedAt === null ? null : new Date(closedAt).toISOString());
    if (sig.id!.length >= batchRows) await flush();
  }
  await flush();
  return truth;
}
