import type { z } from 'zod';
import type {
  adminUser,
  department,
  departmentInput,
  departmentUpdateInput,
  municipalitySettings,
  municipalitySettingsUpdate,
  partner,
  partnerInput,
  partnerUpdateInput,
  routingRule,
  routingRuleInput,
  routingRuleUpdateInput,
  userInput,
  userUpdateInput,
} from '../../../shared/api/admin.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, conflict, fieldError, invalid, notFound } from '../../lib/errors.js';
import { audit, auditedChange } from '../audit/audit.service.js';
import { deleteSessionsOfUser } from '../auth/session.repo.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import {
  findDepartment,
  findMunicipality,
  insertDepartment,
  listDepartments,
  updateDepartment,
  updateSettings,
  type DepartmentRow,
} from '../municipality/municipality.repo.js';
import {
  deleteRoutingRule,
  findPartner,
  findRoutingRule,
  insertPartner,
  insertRoutingRule,
  listPartners,
  listRoutingRules,
  updatePartner,
  updateRoutingRule,
  type PartnerRow,
} from '../partners/partner.repo.js';
import { findUserById, findUserByUsername, insertUser, listUsers, updateUser, type UserWithDepartment } from '../users/user.repo.js';

type AdminUser = z.output<typeof adminUser>;

const toAdminUser = (u: UserWithDepartment): AdminUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  role: u.role,
  departmentId: u.departmentId,
  departmentName: u.departmentName,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt.toISOString(),
});

export const toDepartment = (d: DepartmentRow): z.output<typeof department> => ({ id: d.id, code: d.code, name: d.name, active: d.active });

export const toPartner = (p: PartnerRow): z.output<typeof partner> => ({
  id: p.id,
  code: p.code,
  name: p.name,
  kind: p.kind,
  internalRole: p.internalRole,
  exploitationForms: p.exploitationForms,
  description: p.description,
  referralChannel: p.referralChannel,
  contact: p.contact,
  active: p.active,
  organisationType: p.organisationType,
  openingHours: p.openingHours,
  secureEmail: p.secureEmail,
  referralInstructions: p.referralInstructions,
});

/** The directory's optional texts (issue 6.2): an empty text is stored as null; fields left out stay out. */
function emptyToNull(p: { openingHours?: string | null; secureEmail?: string | null; referralInstructions?: string | null }) {
  const out: { openingHours?: string | null; secureEmail?: string | null; referralInstructions?: string | null } = {};
  for (const key of ['openingHours', 'secureEmail', 'referralInstructions'] as const) if (p[key] !== undefined) out[key] = p[key] || null;
  return out;
}

/** Run an insert or update of a row with a per-municipality code; a taken code is a field error, not a 500. */
export async function uniqueCode<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    if (e?.code === '23505' || e?.cause?.code === '23505') throw invalid([fieldError('code', 'v.invalid', 'Deze code is al in gebruik.')]);
    throw error;
  }
}

/**
 * Functioneel beheer: users, departments, partners, routing rules and settings.
 * Nothing here reads signal content.
 */
export function createAdminService(deps: { db: Db }) {
  const { db } = deps;

  const run = <T>(actor: Actor, action: string, objectType: string, objectId: string | null, fn: (tx: DbOrTx) => Promise<T>): Promise<T> =>
    auditedChange(db, actor, 'admin.manage', { action, objectType, objectId }, async (tx) => {
      const value = await fn(tx);
      // A new record is audited under its own id.
      return { value, objectId: objectId ?? (value as { id?: string } | null)?.id ?? null };
    });

  async function checkDepartment(tx: DbOrTx, actor: Actor, departmentId: string | null | undefined): Promise<void> {
    if (departmentId && !(await findDepartment(tx, actor.municipalityId, departmentId))) {
      throw invalid([fieldError('departmentId', 'v.id', 'Kies een afdeling uit de lijst.')]);
    }
  }

  async function partnerCheck(tx: DbOrTx, actor: Actor, partnerId: string | undefined): Promise<PartnerRow | undefined> {
    if (!partnerId) return undefined;
    const p = await findPartner(tx, actor.municipalityId, partnerId);
    if (!p) throw invalid([fieldError('partnerId', 'v.id', 'Kies een ketenpartner uit de lijst.')]);
    return p;
  }

  async function loadRule(tx: DbOrTx, actor: Actor, id: string): Promise<z.output<typeof routingRule>> {
    const rows = await listRoutingRules(tx, actor.municipalityId);
    const row = rows.find((r) => r.rule.id === id);
    if (!row) throw notFound('routeringsregel');
    const { rule } = row;
    return {
      id: rule.id,
      name: rule.name,
      condition: rule.condition,
      partner: { id: rule.partnerId, name: row.partnerName },
      urgency: rule.urgency,
      position: rule.position,
      active: rule.active,
    };
  }

  return {
    // --- users -----------------------------------------------------------------
    listUsers(actor: Actor): Promise<AdminUser[]> {
      return run(actor, 'user.list', 'user', null, async (tx) => (await listUsers(tx, actor.municipalityId)).map(toAdminUser));
    },

    createUser(actor: Actor, input: z.output<typeof userInput>): Promise<{ user: AdminUser; temporaryPassword: string | null }> {
      return run(actor, 'user.create', 'user', null, async (tx) => {
        await checkDepartment(tx, actor, input.departmentId);
        if (await findUserByUsername(tx, input.username)) {
          throw new AppError(409, 'validation', 'Deze gebruikersnaam bestaat al.', [
            fieldError('username', 'v.username', 'Deze gebruikersnaam is al in gebruik.'),
          ]);
        }
        const temporaryPassword = input.password ? null : generatePassword();
        const id = await insertUser(tx, {
          municipalityId: actor.municipalityId,
          username: input.username,
          displayName: input.displayName,
          email: input.email ?? null,
          role: input.role,
          departmentId: input.departmentId,
          passwordHash: await hashPassword(input.password ?? temporaryPassword!),
          mustChangePassword: temporaryPassword !== null,
        });
        const user = await findUserById(tx, actor.municipalityId, id);
        return { id, user: toAdminUser(user!), temporaryPassword };
      }).then(({ user, temporaryPassword }) => ({ user, temporaryPassword }));
    },

    updateUser(actor: Actor, id: string, patch: z.output<typeof userUpdateInput>): Promise<AdminUser> {
      return run(actor, 'user.update', 'user', id, async (tx) => {
        await checkDepartment(tx, actor, patch.departmentId);
        const existing = await findUserById(tx, actor.municipalityId, id);
        if (!existing) throw notFound('gebruiker');
        if (id === actor.userId && (patch.active === false || (patch.role && patch.role !== 'admin'))) {
          throw conflict('self_lockout', 'U kunt uw eigen beheerrechten niet intrekken of uw eigen account niet deactiveren.');
        }
        await updateUser(tx, actor.municipalityId, id, patch);
        // A role change is audited on its own, with both roles (codes, no personal data).
        if (patch.role && patch.role !== existing.role) {
          await audit(tx, actor, { action: 'user.role_change', objectType: 'user', objectId: id, result: 'ok', details: { from: existing.role, to: patch.role } });
        }
        // A deactivated user or a changed role starts from a fresh login.
        if (patch.active === false || (patch.role && patch.role !== existing.role)) await deleteSessionsOfUser(tx, id);
        return toAdminUser((await findUserById(tx, actor.municipalityId, id))!);
      });
    },

    resetPassword(actor: Actor, id: string): Promise<{ temporaryPassword: string }> {
      return run(actor, 'user.reset_password', 'user', id, async (tx) => {
        if (!(await findUserById(tx, actor.municipalityId, id))) throw notFound('gebruiker');
        const temporaryPassword = generatePassword();
        await updateUser(tx, actor.municipalityId, id, { passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true });
        await deleteSessionsOfUser(tx, id);
        return { temporaryPassword };
      });
    },

    // --- departments -----------------------------------------------------------
    listDepartments(actor: Actor) {
      return run(actor, 'department.list', 'department', null, async (tx) => (await listDepartments(tx, actor.municipalityId)).map(toDepartment));
    },

    createDepartment(actor: Actor, input: z.output<typeof departmentInput>) {
      return run(actor, 'department.create', 'department', null, async (tx) => {
        return toDepartment(await uniqueCode(() => insertDepartment(tx, { ...input, municipalityId: actor.municipalityId })));
      });
    },

    updateDepartment(actor: Actor, id: string, patch: z.output<typeof departmentUpdateInput>) {
      return run(actor, 'department.update', 'department', id, async (tx) => {
        const row = await uniqueCode(() => updateDepartment(tx, actor.municipalityId, id, patch));
        if (!row) throw notFound('afdeling');
        return toDepartment(row);
      });
    },

    // --- partners --------------------------------------------------------------
    listPartners(actor: Actor) {
      return run(actor, 'partner.list', 'partner', null, async (tx) => (await listPartners(tx, actor.municipalityId)).map(toPartner));
    },

    createPartner(actor: Actor, input: z.output<typeof partnerInput>) {
      return run(actor, 'partner.create', 'partner', null, async (tx) => {
        if (input.kind === 'internal_role' && !input.internalRole) {
          throw invalid([fieldError('internalRole', 'v.required', 'Kies de interne rol die deze consultatie ontvangt.')]);
        }
        return toPartner(
          await uniqueCode(() =>
            insertPartner(tx, {
              ...input,
              internalRole: input.kind === 'internal_role' ? input.internalRole : null,
              description: input.description || null,
              contact: input.contact || null,
              ...emptyToNull(input),
              municipalityId: actor.municipalityId,
            }),
          ),
        );
      });
    },

    updatePartner(actor: Actor, id: string, patch: z.output<typeof partnerUpdateInput>) {
      return run(actor, 'partner.update', 'partner', id, async (tx) => {
        const row = await uniqueCode(() =>
          updatePartner(tx, actor.municipalityId, id, {
            ...patch,
            ...(patch.description !== undefined ? { description: patch.description || null } : {}),
            ...(patch.contact !== undefined ? { contact: patch.contact || null } : {}),
            ...emptyToNull(patch),
          }),
        );
        if (!row) throw notFound('ketenpartner');
        if (row.kind === 'internal_role' && !row.internalRole) {
          throw invalid([fieldError('internalRole', 'v.required', 'Kies de interne rol die deze consultatie ontvangt.')]);
        }
        return toPartner(row);
      });
    },

    // --- routing rules ---------------------------------------------------------
    listRoutingRules(actor: Actor) {
      return run(actor, 'routing_rule.list', 'routing_rule', null, async (tx) =>
        Promise.all((await listRoutingRules(tx, actor.municipalityId)).map((r) => loadRule(tx, actor, r.rule.id))),
      );
    },

    createRoutingRule(actor: Actor, input: z.output<typeof routingRuleInput>) {
      return run(actor, 'routing_rule.create', 'routing_rule', null, async (tx) => {
        await partnerCheck(tx, actor, input.partnerId);
        const created = await insertRoutingRule(tx, { ...input, municipalityId: actor.municipalityId });
        return loadRule(tx, actor, created.id);
      });
    },

    updateRoutingRule(actor: Actor, id: string, patch: z.output<typeof routingRuleUpdateInput>) {
      return run(actor, 'routing_rule.update', 'routing_rule', id, async (tx) => {
        await partnerCheck(tx, actor, patch.partnerId);
        if (!(await updateRoutingRule(tx, actor.municipalityId, id, patch))) throw notFound('routeringsregel');
        return loadRule(tx, actor, id);
      });
    },

    deleteRoutingRule(actor: Actor, id: string): Promise<void> {
      return run(actor, 'routing_rule.delete', 'routing_rule', id, async (tx) => {
        if (!(await findRoutingRule(tx, actor.municipalityId, id))) throw notFound('routeringsregel');
        await deleteRoutingRule(tx, actor.municipalityId, id);
      });
    },

    // --- settings --------------------------------------------------------------
    getSettings(actor: Actor): Promise<z.output<typeof municipalitySettings>> {
      return run(actor, 'settings.read', 'municipality', actor.municipalityId, async (tx) => (await findMunicipality(tx, actor.municipalityId))!.settings);
    },

    updateSettings(actor: Actor, patch: z.output<typeof municipalitySettingsUpdate>) {
      return run(actor, 'settings.update', 'municipality', actor.municipalityId, async (tx) => {
        const current = (await findMunicipality(tx, actor.municipalityId))!.settings;
        const next = { ...current, ...patch, retention: { ...current.retention, ...patch.retention } };
        await updateSettings(tx, actor.municipalityId, next);
        return next;
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
