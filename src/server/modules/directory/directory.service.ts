import type { z } from 'zod';
import type {
  adminLiaisons,
  directory,
  DirectoryQuery,
  liaison,
  liaisonInput,
  liaisonNetwork,
  liaisonNetworkInput,
  liaisonUpdateInput,
  meetingStructure,
  meetingStructureInput,
  meetingStructureUpdateInput,
  myLiaison,
} from '../../../shared/api/directory.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { fieldError, invalid, notFound } from '../../lib/errors.js';
import { assertCan, type Permission } from '../../lib/permissions.js';
import { uniqueCode } from '../admin/admin.service.js';
import { audit, auditedChange } from '../audit/audit.service.js';
import { findDepartment } from '../municipality/municipality.repo.js';
import { findUserById } from '../users/user.repo.js';
import {
  deleteLiaison,
  existingPartnerIds,
  findDirectorySettings,
  findLiaison,
  findMeetingStructure,
  insertLiaison,
  insertMeetingStructure,
  liaisonExists,
  listDepartmentLiaisons,
  listLiaisons,
  listMeetingMemberships,
  listMeetingStructures,
  searchPartners,
  setMeetingPartners,
  updateLiaison,
  updateMeetingStructure,
  upsertDirectorySettings,
  type LiaisonWithNames,
  type MeetingStructureRow,
} from './directory.repo.js';

type MeetingStructure = z.output<typeof meetingStructure>;
type Liaison = z.output<typeof liaison>;
type Membership = Awaited<ReturnType<typeof listMeetingMemberships>>[number];

/** Roles that may act as a department's liaison: the liaison, or the (deputy) coordinator in a small team. */
const LIAISON_ROLES = ['liaison', 'coordinator', 'deputy_coordinator'];

function toMeeting(row: MeetingStructureRow, memberships: readonly Membership[]): MeetingStructure {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    kind: row.kind,
    purpose: row.purpose,
    chair: row.chair,
    frequency: row.frequency,
    otherParticipants: row.otherParticipants,
    partners: memberships.filter((m) => m.meetingStructureId === row.id && m.partnerActive).map((m) => ({ id: m.partnerId, name: m.partnerName })),
    active: row.active,
  };
}

const toLiaison = (r: LiaisonWithNames): Liaison => ({
  id: r.liaison.id,
  department: { id: r.liaison.departmentId, name: r.departmentName },
  user: r.liaison.userId ? { id: r.liaison.userId, displayName: r.userName ?? '', active: r.userActive ?? false } : null,
  availability: r.liaison.availability,
  awayUntil: r.liaison.awayUntil,
});

/** An empty optional text is stored as null. */
const orNull = (v: string | null | undefined) => (v === undefined ? undefined : v || null);

/**
 * The partner directory and meeting structures (read by every role), the liaison network
 * (the admin maintains it; every role reads its own department's liaison). Writes are
 * audited with ids only; refusals are audited after the rollback.
 */
export function createDirectoryService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  const write = <T>(actor: Actor, action: string, objectType: string, objectId: string | null, fn: (tx: DbOrTx) => Promise<T>): Promise<T> =>
    auditedChange(db, actor, 'directory.manage', { action, objectType, objectId }, async (tx) => {
      const value = await fn(tx);
      // A new record is audited under its own id.
      return { value, objectId: objectId ?? (value as { id?: string } | null)?.id ?? null };
    });

  async function read(actor: Actor, permission: Permission, action: string): Promise<void> {
    try {
      assertCan(actor, permission);
    } catch (error) {
      await audit(db, actor, { action, objectType: 'directory', objectId: null, result: 'denied' });
      throw error;
    }
  }

  async function meetingOf(tx: DbOrTx, actor: Actor, id: string): Promise<MeetingStructure> {
    const row = await findMeetingStructure(tx, actor.municipalityId, id);
    if (!row) throw notFound('overleg');
    return toMeeting(row, await listMeetingMemberships(tx, actor.municipalityId));
  }

  async function checkPartners(tx: DbOrTx, actor: Actor, ids: readonly string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    const known = await existingPartnerIds(tx, actor.municipalityId, ids);
    if (ids.some((id) => !known.has(id))) throw invalid([fieldError('partnerIds', 'v.id', 'Kies ketenpartners uit de lijst.')]);
  }

  async function checkLiaison(tx: DbOrTx, actor: Actor, departmentId: string, userId: string | null, exceptId?: string): Promise<void> {
    if (!(await findDepartment(tx, actor.municipalityId, departmentId))) {
      throw invalid([fieldError('departmentId', 'v.id', 'Kies een afdeling uit de lijst.')]);
    }
    if (userId) {
      const user = await findUserById(tx, actor.municipalityId, userId);
      if (!user || !user.active) throw invalid([fieldError('userId', 'v.id', 'Kies een actieve medewerker uit de lijst.')]);
      if (!LIAISON_ROLES.includes(user.role)) {
        throw invalid([fieldError('userId', 'v.invalid', 'Kies een medewerker met de rol taakaccenthouder of (plaatsvervangend) aandachtsfunctionaris.')]);
      }
    }
    if (await liaisonExists(tx, departmentId, userId, exceptId)) {
      throw invalid([
        fieldError('userId', 'v.invalid', userId ? 'Deze medewerker is al taakaccenthouder van deze afdeling.' : 'Deze afdeling heeft al een regel zonder taakaccenthouder.'),
      ]);
    }
  }

  async function loadLiaison(tx: DbOrTx, actor: Actor, id: string): Promise<Liaison> {
    const row = (await listLiaisons(tx, actor.municipalityId)).find((r) => r.liaison.id === id);
    if (!row) throw notFound('taakaccenthouder');
    return toLiaison(row);
  }

  async function network(tx: DbOrTx, actor: Actor): Promise<z.output<typeof liaisonNetwork>> {
    const settings = await findDirectorySettings(tx, actor.municipalityId);
    const meeting = settings?.liaisonMeetingId ? await findMeetingStructure(tx, actor.municipalityId, settings.liaisonMeetingId) : undefined;
    return {
      meeting: meeting ? { id: meeting.id, name: meeting.name, frequency: meeting.frequency } : null,
      note: settings?.liaisonMeetingNote ?? null,
    };
  }

  return {
    /** "Waar kan ik terecht?": active partners matching the search, with how to refer and their meetings. */
    async directory(actor: Actor, query: DirectoryQuery): Promise<z.output<typeof directory>> {
      await read(actor, 'directory.read', 'directory.read');
      const [partners, meetings, memberships] = await Promise.all([
        searchPartners(db, actor.municipalityId, query),
        listMeetingStructures(db, actor.municipalityId, true),
        listMeetingMemberships(db, actor.municipalityId),
      ]);
      const activeMeetings = new Map(meetings.map((m) => [m.id, m.name]));
      return {
        partners: partners.map((p) => ({
          id: p.id,
          name: p.name,
          organisationType: p.organisationType,
          internal: p.kind === 'internal_role',
          exploitationForms: p.exploitationForms,
          description: p.description,
          howToRefer: {
            channel: p.referralChannel,
            contact: p.contact,
            openingHours: p.openingHours,
            secureEmail: p.secureEmail,
            instructions: p.referralInstructions,
          },
          meetings: memberships
            .filter((m) => m.partnerId === p.id && activeMeetings.has(m.meetingStructureId))
            .map((m) => ({ id: m.meetingStructureId, name: activeMeetings.get(m.meetingStructureId)! })),
        })),
        meetings: meetings.map((m) => toMeeting(m, memberships)),
      };
    },

    /** The liaison(s) of the caller's own department and the network's monthly meeting (signal form). */
    async myLiaison(actor: Actor): Promise<z.output<typeof myLiaison>> {
      await read(actor, 'directory.read', 'liaison.read_own');
      const department = actor.departmentId ? await findDepartment(db, actor.municipalityId, actor.departmentId) : undefined;
      const today = clock.today();
      const rows = department ? await listDepartmentLiaisons(db, actor.municipalityId, department.id) : [];
      return {
        department: department ? { id: department.id, name: department.name } : null,
        liaisons: rows.map((r) => ({
          displayName: r.userName ?? '',
          availability: r.liaison.availability,
          awayUntil: r.liaison.awayUntil,
          away: r.liaison.awayUntil !== null && r.liaison.awayUntil >= today,
        })),
        network: await network(db, actor),
      };
    },

    // --- meeting structures (admin) --------------------------------------------
    listMeetings(actor: Actor): Promise<MeetingStructure[]> {
      return write(actor, 'meeting_structure.list', 'meeting_structure', null, async (tx) => {
        const memberships = await listMeetingMemberships(tx, actor.municipalityId);
        return (await listMeetingStructures(tx, actor.municipalityId)).map((m) => toMeeting(m, memberships));
      });
    },

    createMeeting(actor: Actor, input: z.output<typeof meetingStructureInput>): Promise<MeetingStructure> {
      return write(actor, 'meeting_structure.create', 'meeting_structure', null, async (tx) => {
        await checkPartners(tx, actor, input.partnerIds);
        const { partnerIds, ...fields } = input;
        const row = await uniqueCode(() =>
          insertMeetingStructure(tx, {
            ...fields,
            purpose: orNull(fields.purpose),
            chair: orNull(fields.chair),
            frequency: orNull(fields.frequency),
            otherParticipants: orNull(fields.otherParticipants),
            municipalityId: actor.municipalityId,
          }),
        );
        await setMeetingPartners(tx, row.id, partnerIds);
        return meetingOf(tx, actor, row.id);
      });
    },

    updateMeeting(actor: Actor, id: string, patch: z.output<typeof meetingStructureUpdateInput>): Promise<MeetingStructure> {
      return write(actor, 'meeting_structure.update', 'meeting_structure', id, async (tx) => {
        await checkPartners(tx, actor, patch.partnerIds);
        const { partnerIds, ...fields } = patch;
        const row = await uniqueCode(() =>
          updateMeetingStructure(tx, actor.municipalityId, id, {
            ...fields,
            purpose: orNull(fields.purpose),
            chair: orNull(fields.chair),
            frequency: orNull(fields.frequency),
            otherParticipants: orNull(fields.otherParticipants),
          }),
        );
        if (!row) throw notFound('overleg');
        if (partnerIds) await setMeetingPartners(tx, id, partnerIds);
        return meetingOf(tx, actor, id);
      });
    },

    // --- liaison network (admin) -----------------------------------------------
    listLiaisons(actor: Actor): Promise<z.output<typeof adminLiaisons>> {
      return write(actor, 'liaison.list', 'liaison', null, async (tx) => ({
        liaisons: (await listLiaisons(tx, actor.municipalityId)).map(toLiaison),
        network: await network(tx, actor),
      }));
    },

    createLiaison(actor: Actor, input: z.output<typeof liaisonInput>): Promise<Liaison> {
      return write(actor, 'liaison.create', 'liaison', null, async (tx) => {
        await checkLiaison(tx, actor, input.departmentId, input.userId);
        const row = await insertLiaison(tx, { ...input, availability: orNull(input.availability), municipalityId: actor.municipalityId });
        return loadLiaison(tx, actor, row.id);
      });
    },

    updateLiaison(actor: Actor, id: string, patch: z.output<typeof liaisonUpdateInput>): Promise<Liaison> {
      return write(actor, 'liaison.update', 'liaison', id, async (tx) => {
        const existing = await findLiaison(tx, actor.municipalityId, id);
        if (!existing) throw notFound('taakaccenthouder');
        const departmentId = patch.departmentId ?? existing.departmentId;
        const userId = patch.userId === undefined ? existing.userId : patch.userId;
        if (patch.departmentId !== undefined || patch.userId !== undefined) await checkLiaison(tx, actor, departmentId, userId, id);
        await updateLiaison(tx, actor.municipalityId, id, { ...patch, availability: orNull(patch.availability) });
        return loadLiaison(tx, actor, id);
      });
    },

    deleteLiaison(actor: Actor, id: string): Promise<void> {
      return write(actor, 'liaison.delete', 'liaison', id, async (tx) => {
        if (!(await deleteLiaison(tx, actor.municipalityId, id))) throw notFound('taakaccenthouder');
      });
    },

    setNetwork(actor: Actor, input: z.output<typeof liaisonNetworkInput>): Promise<z.output<typeof liaisonNetwork>> {
      return write(actor, 'liaison_network.update', 'municipality', actor.municipalityId, async (tx) => {
        if (input.meetingStructureId && !(await findMeetingStructure(tx, actor.municipalityId, input.meetingStructureId))) {
          throw invalid([fieldError('meetingStructureId', 'v.id', 'Kies een overleg uit de lijst.')]);
        }
        await upsertDirectorySettings(tx, actor.municipalityId, { liaisonMeetingId: input.meetingStructureId, liaisonMeetingNote: input.note || null });
        return network(tx, actor);
      });
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
