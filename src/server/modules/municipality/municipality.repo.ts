import { and, asc, eq } from 'drizzle-orm';
import { municipalitySettings, type MunicipalitySettings } from '../../../shared/api/admin.js';
import type { DbOrTx } from '../../db/client.js';
import { departments, municipalities } from '../../db/schema/index.js';

export type MunicipalityRow = typeof municipalities.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

/** Settings stored before a field existed read with that field's default (the schema fills it in). */
const withSettingDefaults = (row: MunicipalityRow | undefined): MunicipalityRow | undefined =>
  row && { ...row, settings: municipalitySettings.parse(row.settings) };

export async function findMunicipality(db: DbOrTx, id: string): Promise<MunicipalityRow | undefined> {
  const rows = await db.select().from(municipalities).where(eq(municipalities.id, id)).limit(1);
  return withSettingDefaults(rows[0]);
}

export async function findMunicipalityByCode(db: DbOrTx, code: string): Promise<MunicipalityRow | undefined> {
  const rows = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
  return rows[0];
}

export async function listMunicipalities(db: DbOrTx): Promise<MunicipalityRow[]> {
  return db.select().from(municipalities).orderBy(asc(municipalities.name));
}

export async function insertMunicipality(db: DbOrTx, row: typeof municipalities.$inferInsert): Promise<MunicipalityRow> {
  const [created] = await db.insert(municipalities).values(row).returning();
  return created!;
}

export async function updateSettings(db: DbOrTx, id: string, settings: MunicipalitySettings): Promise<void> {
  await db.update(municipalities).set({ settings }).where(eq(municipalities.id, id));
}

export async function listDepartments(db: DbOrTx, municipalityId: string, onlyActive = false): Promise<DepartmentRow[]> {
  return db
    .select()
    .from(departments)
    .where(and(eq(departments.municipalityId, municipalityId), onlyActive ? eq(departments.active, true) : undefined))
    .orderBy(asc(departments.name));
}

export async function findDepartment(db: DbOrTx, municipalityId: string, id: string): Promise<DepartmentRow | undefined> {
  const rows = await db
    .select()
    .from(departments)
    .where(and(eq(departments.municipalityId, municipalityId), eq(departments.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertDepartment(db: DbOrTx, row: typeof departments.$inferInsert): Promise<DepartmentRow> {
  const [created] = await db.insert(departments).values(row).returning();
  return created!;
}

export async function updateDepartment(
  db: DbOrTx,
  municipalityId: string,
  id: string,
  patch: Partial<typeof departments.$inferInsert>,
): Promise<DepartmentRow | undefined> {
  // An empty patch ({} — every field is optional) changes nothing; drizzle refuses an update without values.
  if (Object.keys(patch).length === 0) return findDepartment(db, municipalityId, id);
  const [row] = await db
    .update(departments)
    .set(patch)
    .where(and(eq(departments.municipalityId, municipalityId), eq(departments.id, id)))
    .returning();
  return row;
}
