import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DirectoryQuery } from '../../../shared/api/directory.js';
import type { DbOrTx } from '../../db/client.js';
import { departmentLiaisons, departments, directorySettings, meetingStructurePartners, meetingStructures, partners, users } from '../../db/schema/index.js';
import type { PartnerRow } from '../partners/partner.repo.js';

export type MeetingStructureRow = typeof meetingStructures.$inferSelect;
export type MeetingStructureInsert = typeof meetingStructures.$inferInsert;
export type LiaisonRow = typeof departmentLiaisons.$inferSelect;
export type LiaisonInsert = typeof departmentLiaisons.$inferInsert;
export type DirectorySettingsRow = typeof directorySettings.$inferSelect;

/** `%` and `_` typed in the search box are literal characters, not wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Active partners matching the directory's search text and filters, by name. */
export async function searchPartners(db: DbOrTx, municipalityId: string, query: DirectoryQuery): Promise<PartnerRow[]> {
  const q = query.q?.trim();
  return db
    .select()
    .from(partners)
    .where(
      and(
        eq(partners.municipalityId, municipalityId),
        eq(partners.active, true),
        query.form ? sql`${query.form} = any(${partners.exploitationForms})` : undefined,
        query.type ? eq(partners.organisationType, query.type) : undefined,
        q
          ? or(
              ilike(partners.name, likePattern(q)),
              ilike(partners.description, likePattern(q)),
              ilike(partners.referralInstructions, likePattern(q)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(partners.name));
}

export async function listMeetingStructures(db: DbOrTx, municipalityId: string, onlyActive = false): Promise<MeetingStructureRow[]> {
  return db
    .select()
    .from(meetingStructures)
    .where(and(eq(meetingStructures.municipalityId, municipalityId), onlyActive ? eq(meetingStructures.active, true) : undefined))
    .orderBy(asc(meetingStructures.position), asc(meetingStructures.name));
}

export async function findMeetingStructure(db: DbOrTx, municipalityId: string, id: string): Promise<MeetingStructureRow | undefined> {
  const rows = await db
    .select()
    .from(meetingStructures)
    .where(and(eq(meetingStructures.municipalityId, municipalityId), eq(meetingStructures.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertMeetingStructure(db: DbOrTx, row: MeetingStructureInsert): Promise<MeetingStructureRow> {
  const [created] = await db.insert(meetingStructures).values(row).returning();
  return created!;
}

export async function updateMeetingStructure(
  db: DbOrTx,
  municipalityId: string,
  id: string,
  patch: Partial<MeetingStructureInsert>,
): Promise<MeetingStructureRow | undefined> {
  const [row] = await db
    .update(meetingStructures)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(meetingStructures.municipalityId, municipalityId), eq(meetingStructures.id, id)))
    .returning();
  return row;
}

/** Which partners sit in which meetings (of one municipality), with the partners' names. */
export async function listMeetingMemberships(db: DbOrTx, municipalityId: string) {
  return db
    .select({
      meetingStructureId: meetingStructurePartners.meetingStructureId,
      partnerId: partners.id,
      partnerName: partners.name,
      partnerActive: partners.active,
    })
    .from(meetingStructurePartners)
    .innerJoin(partners, eq(partners.id, meetingStructurePartners.partnerId))
    .where(eq(partners.municipalityId, municipalityId))
    .orderBy(asc(partners.name));
}

/** Replace the partners of a meeting structure (the ids are checked by the caller). */
export async function setMeetingPartners(db: DbOrTx, meetingStructureId: string, partnerIds: readonly string[]): Promise<void> {
  await db.delete(meetingStructurePartners).where(eq(meetingStructurePartners.meetingStructureId, meetingStructureId));
  if (partnerIds.length) {
    await db.insert(meetingStructurePartners).values([...new Set(partnerIds)].map((partnerId) => ({ meetingStructureId, partnerId })));
  }
}

/** The ids of those partners that belong to the municipality. */
export async function existingPartnerIds(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: partners.id })
    .from(partners)
    .where(and(eq(partners.municipalityId, municipalityId), inArray(partners.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

export interface LiaisonWithNames {
  liaison: LiaisonRow;
  departmentName: string;
  userName: string | null;
  userActive: boolean | null;
}

const liaisonColumns = {
  liaison: departmentLiaisons,
  departmentName: departments.name,
  userName: users.displayName,
  userActive: users.active,
};

/** Every liaison row of the municipality, by department name. */
export async function listLiaisons(db: DbOrTx, municipalityId: string): Promise<LiaisonWithNames[]> {
  return db
    .select(liaisonColumns)
    .from(departmentLiaisons)
    .innerJoin(departments, eq(departments.id, departmentLiaisons.departmentId))
    .leftJoin(users, eq(users.id, departmentLiaisons.userId))
    .where(eq(departmentLiaisons.municipalityId, municipalityId))
    .orderBy(asc(departments.name), asc(users.displayName));
}

/** The assigned, active liaisons of one department. */
export async function listDepartmentLiaisons(db: DbOrTx, municipalityId: string, departmentId: string): Promise<LiaisonWithNames[]> {
  return db
    .select(liaisonColumns)
    .from(departmentLiaisons)
    .innerJoin(departments, eq(departments.id, departmentLiaisons.departmentId))
    .innerJoin(users, eq(users.id, departmentLiaisons.userId))
    .where(and(eq(departmentLiaisons.municipalityId, municipalityId), eq(departmentLiaisons.departmentId, departmentId), eq(users.active, true)))
    .orderBy(asc(users.displayName));
}

export async function findLiaison(db: DbOrTx, municipalityId: string, id: string): Promise<LiaisonRow | undefined> {
  const rows = await db
    .select()
    .from(departmentLiaisons)
    .where(and(eq(departmentLiaisons.municipalityId, municipalityId), eq(departmentLiaisons.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertLiaison(db: DbOrTx, row: LiaisonInsert): Promise<LiaisonRow> {
  const [created] = await db.insert(departmentLiaisons).values(row).returning();
  return created!;
}

export async function updateLiaison(db: DbOrTx, municipalityId: string, id: string, patch: Partial<LiaisonInsert>): Promise<LiaisonRow | undefined> {
  const [row] = await db
    .update(departmentLiaisons)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(departmentLiaisons.municipalityId, municipalityId), eq(departmentLiaisons.id, id)))
    .returning();
  return row;
}

export async function deleteLiaison(db: DbOrTx, municipalityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(departmentLiaisons)
    .where(and(eq(departmentLiaisons.municipalityId, municipalityId), eq(departmentLiaisons.id, id)))
    .returning({ id: departmentLiaisons.id });
  return rows.length > 0;
}

/** Whether the department already has a row with this user (or, for null, an unassigned row). */
export async function liaisonExists(db: DbOrTx, departmentId: string, userId: string | null, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: departmentLiaisons.id })
    .from(departmentLiaisons)
    .where(
      and(
        eq(departmentLiaisons.departmentId, departmentId),
        userId ? eq(departmentLiaisons.userId, userId) : isNull(departmentLiaisons.userId),
        exceptId ? sql`${departmentLiaisons.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function findDirectorySettings(db: DbOrTx, municipalityId: string): Promise<DirectorySettingsRow | undefined> {
  const rows = await db.select().from(directorySettings).where(eq(directorySettings.municipalityId, municipalityId)).limit(1);
  return rows[0];
}

export async function upsertDirectorySettings(
  db: DbOrTx,
  municipalityId: string,
  patch: Partial<Omit<typeof directorySettings.$inferInsert, 'municipalityId'>>,
): Promise<DirectorySettingsRow> {
  const [row] = await db
    .insert(directorySettings)
    .values({ municipalityId, ...patch })
    .onConflictDoUpdate({ target: directorySettings.municipalityId, set: { ...patch, updatedAt: new Date() } })
    .returning();
  return row!;
}

/** The municipality's settings row, created if missing and locked until the transaction ends (one seeder at a time). */
export async function lockDirectorySettings(tx: DbOrTx, municipalityId: string): Promise<DirectorySettingsRow> {
  await tx.insert(directorySettings).values({ municipalityId }).onConflictDoNothing();
  const [row] = await tx.select().from(directorySettings).where(eq(directorySettings.municipalityId, municipalityId)).for('update');
  return row!;
}

/** Give a department's unassigned liaison row to a user (demo seed). */
export async function assignUnassignedLiaison(db: DbOrTx, municipalityId: string, departmentId: string, userId: string, availability: string): Promise<void> {
  await db
    .update(departmentLiaisons)
    .set({ userId, availability, updatedAt: new Date() })
    .where(and(eq(departmentLiaisons.municipalityId, municipalityId), eq(departmentLiaisons.departmentId, departmentId), isNull(departmentLiaisons.userId)));
}
