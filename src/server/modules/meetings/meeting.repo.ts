import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { ActionStatus, MeetingCadence, MeetingStatus } from '../../../shared/api/meetings.js';
import type { ExploitationForm, Role } from '../../../shared/domain.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { departments, meetingActions, meetingItems, meetingParticipants, meetingSeries, meetings, signals, users } from '../../db/schema/index.js';

/**
 * Queries of issue 6.1. Encrypted columns (crypto/encrypted-columns.ts): a guest's name, the agenda
 * item's title, summary, minutes and decision, the action's description. They are sealed and opened
 * here; services see plaintext only.
 */

export type SeriesRow = typeof meetingSeries.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect & { seriesName: string };

export interface ParticipantRow {
  id: string;
  userId: string | null;
  name: string;
  organisation: string | null;
  role: Role | null;
  active: boolean;
}

// --- series -------------------------------------------------------------------------

export interface SeriesValues {
  name: string;
  cadence: MeetingCadence;
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  location: string | null;
  meetingStructureId: string | null;
  active: boolean;
}

export async function insertSeries(db: DbOrTx, municipalityId: string, values: SeriesValues): Promise<string> {
  const [row] = await db.insert(meetingSeries).values({ municipalityId, ...values }).returning({ id: meetingSeries.id });
  return row!.id;
}

export async function updateSeries(db: DbOrTx, id: string, values: Partial<SeriesValues>, now: Date): Promise<void> {
  await db.update(meetingSeries).set({ ...values, updatedAt: now }).where(eq(meetingSeries.id, id));
}

export async function findSeries(db: DbOrTx, municipalityId: string, id: string): Promise<SeriesRow | undefined> {
  const rows = await db
    .select()
    .from(meetingSeries)
    .where(and(eq(meetingSeries.municipalityId, municipalityId), eq(meetingSeries.id, id)))
    .limit(1);
  return rows[0];
}

export async function listSeries(db: DbOrTx, municipalityId: string): Promise<SeriesRow[]> {
  return db.select().from(meetingSeries).where(eq(meetingSeries.municipalityId, municipalityId)).orderBy(desc(meetingSeries.active), asc(meetingSeries.name));
}

/** Replace the participants of a series (users by id, guests by name and organisation). */
export async function replaceParticipants(
  db: DbOrTx,
  vault: Vault,
  seriesId: string,
  userIds: readonly string[],
  guests: readonly { name: string; organisation: string }[],
): Promise<void> {
  await db.delete(meetingParticipants).where(eq(meetingParticipants.seriesId, seriesId));
  const rows = [
    ...userIds.map((userId) => ({ id: randomUUID(), seriesId, userId, guestName: null, guestOrganisation: null })),
    ...guests.map((g) => {
      const rowId = randomUUID();
      return { id: rowId, seriesId, userId: null, guestName: recordCipher(vault, 'meeting_participants', rowId).seal('guest_name', g.name), guestOrganisation: g.organisation };
    }),
  ];
  if (rows.length) await db.insert(meetingParticipants).values(rows);
}

export async function listParticipants(db: DbOrTx, vault: Vault, seriesIds: readonly string[]): Promise<Map<string, ParticipantRow[]>> {
  const out = new Map<string, ParticipantRow[]>();
  if (!seriesIds.length) return out;
  const rows = await db
    .select({
      id: meetingParticipants.id,
      seriesId: meetingParticipants.seriesId,
      userId: meetingParticipants.userId,
      guestName: meetingParticipants.guestName,
      guestOrganisation: meetingParticipants.guestOrganisation,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
    })
    .from(meetingParticipants)
    .leftJoin(users, eq(users.id, meetingParticipants.userId))
    .where(inArray(meetingParticipants.seriesId, [...seriesIds]));
  for (const r of rows) {
    const list = out.get(r.seriesId) ?? [];
    list.push({
      id: r.id,
      userId: r.userId,
      name: r.userId ? (r.displayName ?? '') : recordCipher(vault, 'meeting_participants', r.id).open('guest_name', r.guestName!),
      organisation: r.userId ? null : r.guestOrganisation,
      role: r.role ?? null,
      active: r.userId ? Boolean(r.active) : true,
    });
    out.set(r.seriesId, list);
  }
  // Users first, then guests; each by name (rows written in one transaction share created_at).
  for (const list of out.values()) list.sort((a, b) => Number(a.userId === null) - Number(b.userId === null) || a.name.localeCompare(b.name, 'nl'));
  return out;
}

export async function isParticipant(db: DbOrTx, seriesId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: meetingParticipants.id })
    .from(meetingParticipants)
    .where(and(eq(meetingParticipants.seriesId, seriesId), eq(meetingParticipants.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

/** Active users of a municipality among these ids (to validate participants and owners). */
export async function activeUserIds(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.municipalityId, municipalityId), eq(users.active, true), inArray(users.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** The active users of a municipality with role and department name, by name: whom the coordinator can invite. */
export async function listActiveUsers(db: DbOrTx, municipalityId: string): Promise<{ id: string; displayName: string; role: Role; department: string | null }[]> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, role: users.role, department: departments.name })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.municipalityId, municipalityId), eq(users.active, true)));
  return rows.sort((a, b) => a.displayName.localeCompare(b.displayName, 'nl'));
}

// --- meetings -----------------------------------------------------------------------

const meetingColumns = {
  id: meetings.id,
  municipalityId: meetings.municipalityId,
  seriesId: meetings.seriesId,
  date: meetings.date,
  startTime: meetings.startTime,
  durationMinutes: meetings.durationMinutes,
  location: meetings.location,
  status: meetings.status,
  agendaPublishedAt: meetings.agendaPublishedAt,
  minutesFinalisedAt: meetings.minutesFinalisedAt,
  createdAt: meetings.createdAt,
  updatedAt: meetings.updatedAt,
  seriesName: meetingSeries.name,
};

export async function insertMeeting(
  db: DbOrTx,
  values: { municipalityId: string; seriesId: string; date: string; startTime: string; durationMinutes: number; location: string | null },
): Promise<string> {
  const [row] = await db.insert(meetings).values(values).returning({ id: meetings.id });
  return row!.id;
}

export async function meetingOnDate(db: DbOrTx, seriesId: string, date: string): Promise<boolean> {
  const rows = await db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.seriesId, seriesId), eq(meetings.date, date))).limit(1);
  return rows.length > 0;
}

export async function lastMeetingDate(db: DbOrTx, seriesId: string): Promise<string | undefined> {
  const rows = await db.select({ date: meetings.date }).from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(desc(meetings.date)).limit(1);
  return rows[0]?.date;
}

export async function findMeeting(db: DbOrTx, municipalityId: string, id: string): Promise<MeetingRow | undefined> {
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .where(and(eq(meetings.municipalityId, municipalityId), eq(meetings.id, id)))
    .limit(1);
  return rows[0];
}

export async function updateMeeting(
  db: DbOrTx,
  id: string,
  values: Partial<Pick<typeof meetings.$inferInsert, 'date' | 'startTime' | 'durationMinutes' | 'location' | 'status' | 'agendaPublishedAt' | 'minutesFinalisedAt'>>,
  now: Date,
): Promise<void> {
  await db.update(meetings).set({ ...values, updatedAt: now }).where(eq(meetings.id, id));
}

/**
 * Meetings of a municipality, with the number of agenda items. `participantId`: only meetings of series
 * this user takes part in; `statuses`: only these; `from`/`before`: date range.
 */
export async function listMeetings(
  db: DbOrTx,
  municipalityId: string,
  options: { participantId?: string; statuses?: readonly MeetingStatus[]; from?: string; before?: string; order: 'asc' | 'desc'; limit: number },
) {
  const conditions = [eq(meetings.municipalityId, municipalityId)];
  if (options.participantId) {
    conditions.push(
      inArray(
        meetings.seriesId,
        db.select({ id: meetingParticipants.seriesId }).from(meetingParticipants).where(eq(meetingParticipants.userId, options.participantId)),
      ),
    );
  }
  if (options.statuses) conditions.push(inArray(meetings.status, [...options.statuses]));
  if (options.from) conditions.push(gte(meetings.date, options.from));
  if (options.before) conditions.push(lt(meetings.date, options.before));
  const itemCount = db
    .select({ meetingId: meetingItems.meetingId, n: count().as('n') })
    .from(meetingItems)
    .groupBy(meetingItems.meetingId)
    .as('item_count');
  const rows = await db
    .select({ ...meetingColumns, itemCount: sql<number>`coalesce(${itemCount.n}, 0)`.mapWith(Number) })
    .from(meetings)
    .innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .leftJoin(itemCount, eq(itemCount.meetingId, meetings.id))
    .where(and(...conditions))
    .orderBy(options.order === 'asc' ? asc(meetings.date) : desc(meetings.date), asc(meetings.startTime), asc(meetings.id))
    .limit(options.limit);
  return rows;
}

// --- agenda items -------------------------------------------------------------------

export interface ItemRow {
  id: string;
  meetingId: string;
  position: number;
  signalId: string | null;
  title: string | null;
  summary: string | null;
  sharedPersonIds: string[];
  minutes: string | null;
  decision: string | null;
}

function openItem(vault: Vault, row: typeof meetingItems.$inferSelect): ItemRow {
  const c = recordCipher(vault, 'meeting_items', row.id);
  return {
    id: row.id,
    meetingId: row.meetingId,
    position: row.position,
    signalId: row.signalId,
    title: c.openOpt('title', row.title),
    summary: c.openOpt('summary', row.summary),
    sharedPersonIds: row.sharedPersonIds,
    minutes: c.openOpt('minutes', row.minutes),
    decision: c.openOpt('decision', row.decision),
  };
}

export async function listItems(db: DbOrTx, vault: Vault, meetingId: string): Promise<ItemRow[]> {
  const rows = await db.select().from(meetingItems).where(eq(meetingItems.meetingId, meetingId)).orderBy(asc(meetingItems.position), asc(meetingItems.createdAt));
  return rows.map((r) => openItem(vault, r));
}

export async function findItem(db: DbOrTx, vault: Vault, meetingId: string, itemId: string): Promise<ItemRow | undefined> {
  const rows = await db
    .select()
    .from(meetingItems)
    .where(and(eq(meetingItems.meetingId, meetingId), eq(meetingItems.id, itemId)))
    .limit(1);
  return rows[0] ? openItem(vault, rows[0]) : undefined;
}

export async function insertItem(
  db: DbOrTx,
  vault: Vault,
  values: { meetingId: string; signalId: string | null; title: string | null; summary: string | null; sharedPersonIds: string[] },
): Promise<string> {
  const id = randomUUID();
  const c = recordCipher(vault, 'meeting_items', id);
  const [max] = await db
    .select({ max: sql<number>`coalesce(max(${meetingItems.position}), 0)`.mapWith(Number) })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, values.meetingId));
  await db.insert(meetingItems).values({
    id,
    meetingId: values.meetingId,
    position: (max?.max ?? 0) + 1,
    signalId: values.signalId,
    title: c.sealOpt('title', values.title),
    summary: c.sealOpt('summary', values.summary),
    sharedPersonIds: values.sharedPersonIds,
  });
  return id;
}

export async function updateItem(
  db: DbOrTx,
  vault: Vault,
  id: string,
  patch: Partial<Pick<ItemRow, 'title' | 'summary' | 'sharedPersonIds' | 'minutes' | 'decision' | 'position'>>,
  now: Date,
): Promise<void> {
  const c = recordCipher(vault, 'meeting_items', id);
  const set: Partial<typeof meetingItems.$inferInsert> = { updatedAt: now };
  if (patch.title !== undefined) set.title = c.sealOpt('title', patch.title);
  if (patch.summary !== undefined) set.summary = c.sealOpt('summary', patch.summary);
  if (patch.minutes !== undefined) set.minutes = c.sealOpt('minutes', patch.minutes);
  if (patch.decision !== undefined) set.decision = c.sealOpt('decision', patch.decision);
  if (patch.sharedPersonIds !== undefined) set.sharedPersonIds = patch.sharedPersonIds;
  if (patch.position !== undefined) set.position = patch.position;
  await db.update(meetingItems).set(set).where(eq(meetingItems.id, id));
}

export async function deleteItem(db: DbOrTx, id: string): Promise<void> {
  await db.delete(meetingItems).where(eq(meetingItems.id, id));
}

/** Number and exploitation forms of the signals on an agenda (pseudonymous facts). */
export async function signalFacts(db: DbOrTx, municipalityId: string, ids: readonly string[]) {
  const out = new Map<string, { number: string; exploitationForms: ExploitationForm[] }>();
  if (!ids.length) return out;
  const rows = await db
    .select({ id: signals.id, number: signals.number, exploitationForms: signals.exploitationForms })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), inArray(signals.id, [...ids])));
  for (const r of rows) out.set(r.id, { number: r.number, exploitationForms: r.exploitationForms });
  return out;
}

/** Ids of signals already on the agenda of a meeting that is not yet held or cancelled. */
export async function signalsOnOpenAgendas(db: DbOrTx, municipalityId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ signalId: meetingItems.signalId })
    .from(meetingItems)
    .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
    .where(and(eq(meetings.municipalityId, municipalityId), inArray(meetings.status, ['draft', 'published']), isNotNull(meetingItems.signalId)));
  return new Set(rows.map((r) => r.signalId!));
}

/** Signals marked for the meeting (not closed), apart from `except`. */
export async function listMarkedSignals(db: DbOrTx, municipalityId: string, except: ReadonlySet<string>) {
  const conditions = [eq(signals.municipalityId, municipalityId), eq(signals.forMeeting, true), sql`${signals.state} <> 'closed'`];
  if (except.size) conditions.push(notInArray(signals.id, [...except]));
  return db
    .select({ id: signals.id, number: signals.number, exploitationForms: signals.exploitationForms })
    .from(signals)
    .where(and(...conditions))
    .orderBy(asc(signals.receivedAt))
    .limit(200);
}

/** The signals on a meeting's agenda (for clearing "marked for the meeting" once it is held). */
export async function agendaSignalIds(db: DbOrTx, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ signalId: meetingItems.signalId })
    .from(meetingItems)
    .where(and(eq(meetingItems.meetingId, meetingId), isNotNull(meetingItems.signalId)));
  return rows.map((r) => r.signalId!);
}

// --- action items -------------------------------------------------------------------

export interface ActionRow {
  id: string;
  meetingId: string;
  itemId: string;
  signalId: string | null;
  description: string;
  ownerId: string;
  ownerName: string;
  dueDate: string;
  status: ActionStatus;
  doneAt: Date | null;
}

const actionColumns = {
  id: meetingActions.id,
  meetingId: meetingActions.meetingId,
  itemId: meetingActions.itemId,
  signalId: meetingActions.signalId,
  description: meetingActions.description,
  ownerId: meetingActions.ownerId,
  ownerName: users.displayName,
  dueDate: meetingActions.dueDate,
  status: meetingActions.status,
  doneAt: meetingActions.doneAt,
};

const openAction = <T extends { id: string; description: string }>(vault: Vault, row: T): T => ({
  ...row,
  description: recordCipher(vault, 'meeting_actions', row.id).open('description', row.description),
});

export async function insertAction(
  db: DbOrTx,
  vault: Vault,
  values: { municipalityId: string; meetingId: string; itemId: string; signalId: string | null; description: string; ownerId: string; dueDate: string; createdById: string },
): Promise<string> {
  const id = randomUUID();
  await db.insert(meetingActions).values({ ...values, id, description: recordCipher(vault, 'meeting_actions', id).seal('description', values.description) });
  return id;
}

export async function updateAction(
  db: DbOrTx,
  vault: Vault,
  id: string,
  patch: Partial<{ description: string; ownerId: string; dueDate: string; status: ActionStatus; doneAt: Date | null }>,
  now: Date,
): Promise<void> {
  const { description, ...rest } = patch;
  const set: Partial<typeof meetingActions.$inferInsert> = { ...rest, updatedAt: now };
  if (description !== undefined) set.description = recordCipher(vault, 'meeting_actions', id).seal('description', description);
  await db.update(meetingActions).set(set).where(eq(meetingActions.id, id));
}

export async function findAction(db: DbOrTx, vault: Vault, municipalityId: string, id: string): Promise<ActionRow | undefined> {
  const rows = await db
    .select(actionColumns)
    .from(meetingActions)
    .innerJoin(users, eq(users.id, meetingActions.ownerId))
    .where(and(eq(meetingActions.municipalityId, municipalityId), eq(meetingActions.id, id)))
    .limit(1);
  return rows[0] ? openAction(vault, rows[0]) : undefined;
}

export async function listMeetingActions(db: DbOrTx, vault: Vault, meetingId: string): Promise<ActionRow[]> {
  const rows = await db
    .select(actionColumns)
    .from(meetingActions)
    .innerJoin(users, eq(users.id, meetingActions.ownerId))
    .where(eq(meetingActions.meetingId, meetingId))
    .orderBy(asc(meetingActions.dueDate), asc(meetingActions.createdAt));
  return rows.map((r) => openAction(vault, r));
}

/** The action items a user owns (open first, then done in the last 90 days), with their meeting. */
export async function listOwnedActions(db: DbOrTx, vault: Vault, municipalityId: string, ownerId: string, doneSince: Date) {
  const rows = await db
    .select({
      id: meetingActions.id,
      description: meetingActions.description,
      dueDate: meetingActions.dueDate,
      status: meetingActions.status,
      meetingId: meetingActions.meetingId,
      meetingDate: meetings.date,
      seriesName: meetingSeries.name,
      signalNumber: signals.number,
    })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .leftJoin(signals, eq(signals.id, meetingActions.signalId))
    .where(
      and(
        eq(meetingActions.municipalityId, municipalityId),
        eq(meetingActions.ownerId, ownerId),
        sql`(${meetingActions.status} = 'open' or ${meetingActions.doneAt} >= ${doneSince})`,
      ),
    )
    .orderBy(desc(sql`${meetingActions.status} = 'open'`), asc(meetingActions.dueDate), asc(meetingActions.createdAt))
    .limit(200);
  return rows.map((r) => openAction(vault, r));
}
