import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import { departments, users } from '../../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;
export type UserInsert = typeof users.$inferInsert;

const withDepartment = {
  id: users.id,
  municipalityId: users.municipalityId,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  departmentId: users.departmentId,
  departmentName: departments.name,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  isDemo: users.isDemo,
  createdAt: users.createdAt,
};
export type UserWithDepartment = {
  id: string;
  municipalityId: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  active: boolean;
  mustChangePassword: boolean;
  isDemo: boolean;
  createdAt: Date;
};

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows[0];
}

/**
 * The account for a single sign-on email address (case-insensitive). Only an address that
 * belongs to exactly one active account matches: a shared address identifies nobody.
 */
export async function findActiveUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email}) and ${users.active}`)
    .limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

export async function findUserById(db: DbOrTx, municipalityId: string, id: string): Promise<UserWithDepartment | undefined> {
  const rows = await db
    .select(withDepartment)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.municipalityId, municipalityId), eq(users.id, id)))
    .limit(1);
  return rows[0];
}

export async function findPasswordHash(db: DbOrTx, id: string): Promise<string | undefined> {
  const rows = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
  return rows[0]?.hash;
}

export async function listUsers(db: DbOrTx, municipalityId: string): Promise<UserWithDepartment[]> {
  return db
    .select(withDepartment)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.municipalityId, municipalityId))
    .orderBy(asc(users.displayName));
}

export async function listActiveColleagues(db: DbOrTx, municipalityId: string, departmentId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.municipalityId, municipalityId), eq(users.departmentId, departmentId), eq(users.active, true)))
    .orderBy(asc(users.displayName));
}

export async function insertUser(db: DbOrTx, row: UserInsert): Promise<string> {
  const [created] = await db.insert(users).values(row).returning({ id: users.id });
  return created!.id;
}

export async function updateUser(
  db: DbOrTx,
  municipalityId: string,
  id: string,
  patch: Partial<Pick<UserRow, 'displayName' | 'email' | 'role' | 'departmentId' | 'active' | 'passwordHash' | 'mustChangePassword'>>,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(users.municipalityId, municipalityId), eq(users.id, id)))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function countDemoUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.isDemo, true), eq(users.active, true)));
  return row?.n ?? 0;
}

/** Ids of the active users of a municipality with one of these roles (notification recipients, action owners). */
export async function listActiveUserIdsByRole(db: DbOrTx, municipalityId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.municipalityId, municipalityId), inArray(users.role, [...roles]), eq(users.active, true)))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}
