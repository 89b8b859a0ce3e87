import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { partners, routingRules } from '../../db/schema/index.js';

export type PartnerRow = typeof partners.$inferSelect;
export type PartnerInsert = typeof partners.$inferInsert;
export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type RoutingRuleInsert = typeof routingRules.$inferInsert;

export async function listPartners(db: DbOrTx, municipalityId: string, onlyActive = false): Promise<PartnerRow[]> {
  return db
    .select()
    .from(partners)
    .where(and(eq(partners.municipalityId, municipalityId), onlyActive ? eq(partners.active, true) : undefined))
    .orderBy(asc(partners.name));
}

export async function findPartner(db: DbOrTx, municipalityId: string, id: string): Promise<PartnerRow | undefined> {
  const rows = await db
    .select()
    .from(partners)
    .where(and(eq(partners.municipalityId, municipalityId), eq(partners.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertPartner(db: DbOrTx, row: PartnerInsert): Promise<PartnerRow> {
  const [created] = await db.insert(partners).values(row).returning();
  return created!;
}

export async function updatePartner(db: DbOrTx, municipalityId: string, id: string, patch: Partial<PartnerInsert>): Promise<PartnerRow | undefined> {
  // An empty patch changes nothing; drizzle refuses an update without values.
  if (Object.keys(patch).length === 0) return findPartner(db, municipalityId, id);
  const [row] = await db
    .update(partners)
    .set(patch)
    .where(and(eq(partners.municipalityId, municipalityId), eq(partners.id, id)))
    .returning();
  return row;
}

export async function listRoutingRules(db: DbOrTx, municipalityId: string, onlyActive = false) {
  return db
    .select({ rule: routingRules, partnerName: partners.name })
    .from(routingRules)
    .innerJoin(partners, eq(partners.id, routingRules.partnerId))
    .where(and(eq(routingRules.municipalityId, municipalityId), onlyActive ? eq(routingRules.active, true) : undefined))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
}

export async function findRoutingRule(db: DbOrTx, municipalityId: string, id: string): Promise<RoutingRuleRow | undefined> {
  const rows = await db
    .select()
    .from(routingRules)
    .where(and(eq(routingRules.municipalityId, municipalityId), eq(routingRules.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertRoutingRule(db: DbOrTx, row: RoutingRuleInsert): Promise<RoutingRuleRow> {
  const [created] = await db.insert(routingRules).values(row).returning();
  return created!;
}

export async function updateRoutingRule(
  db: DbOrTx,
  municipalityId: string,
  id: string,
  patch: Partial<RoutingRuleInsert>,
): Promise<RoutingRuleRow | undefined> {
  if (Object.keys(patch).length === 0) return findRoutingRule(db, municipalityId, id);
  const [row] = await db
    .update(routingRules)
    .set(patch)
    .where(and(eq(routingRules.municipalityId, municipalityId), eq(routingRules.id, id)))
    .returning();
  return row;
}

export async function deleteRoutingRule(db: DbOrTx, municipalityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(routingRules)
    .where(and(eq(routingRules.municipalityId, municipalityId), eq(routingRules.id, id)))
    .returning({ id: routingRules.id });
  return rows.length > 0;
}
