import { z } from 'zod';
import { MEETING_KINDS, MEETING_LEVELS, ORGANISATION_TYPES } from '../../../shared/api/directory.js';
import { EXPLOITATION_FORMS, PARTNER_KINDS, REFERRAL_CHANNELS, ROLES } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { listDepartments, type MunicipalityRow } from '../municipality/municipality.repo.js';
import { insertPartner, listPartners, updatePartner } from '../partners/partner.repo.js';
import {
  assignUnassignedLiaison,
  insertLiaison,
  insertMeetingStructure,
  listLiaisons,
  listMeetingStructures,
  lockDirectorySettings,
  setMeetingPartners,
  upsertDirectorySettings,
} from './directory.repo.js';

/**
 * Raise this when config/municipalities/*.json gains directory content that existing
 * databases should receive: the seed then runs once more, adding what is missing and
 * filling only empty fields, so the admin's edits are never overwritten.
 */
export const DIRECTORY_SEED_VERSION = 1;

/** The partner fields of the directory in a municipality's configuration file (all optional). */
export const partnerDirectoryConfig = {
  organisationType: z.enum(ORGANISATION_TYPES).optional(),
  openingHours: z.string().optional(),
  secureEmail: z.email().optional(),
  referralInstructions: z.string().optional(),
};

/** The part of a municipality configuration the directory seed reads. */
export const directoryConfig = {
  /** Regional and local meeting structures (policy plan Bijlage 3–4) and the partners (codes) that sit in them. */
  meetingStructures: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_-]{2,40}$/),
        name: z.string().min(1),
        level: z.enum(MEETING_LEVELS),
        kind: z.enum(MEETING_KINDS),
        purpose: z.string().optional(),
        chair: z.string().optional(),
        frequency: z.string().optional(),
        otherParticipants: z.string().optional(),
        partners: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /** Departments that have a liaison (codes), and the network's monthly meeting (a meeting structure code). */
  liaisonNetwork: z
    .object({ departments: z.array(z.string()).default([]), meeting: z.string().optional(), note: z.string().optional() })
    .default({ departments: [] }),
};

/** What seedDirectory needs of the municipality configuration (src/server/modules/seed/seed.ts). */
export interface DirectorySeedConfig {
  partners: readonly ({
    code: string;
    name: string;
    kind: (typeof PARTNER_KINDS)[number];
    internalRole?: (typeof ROLES)[number] | undefined;
    exploitationForms: (typeof EXPLOITATION_FORMS)[number][];
    description?: string | undefined;
    referralChannel?: (typeof REFERRAL_CHANNELS)[number] | undefined;
    contact?: string | undefined;
  } & { [K in keyof typeof partnerDirectoryConfig]?: z.infer<(typeof partnerDirectoryConfig)[K]> })[];
  meetingStructures: z.infer<typeof directoryConfig.meetingStructures>;
  liaisonNetwork: z.infer<typeof directoryConfig.liaisonNetwork>;
}

/** Configuration errors the schema cannot see: codes that name no partner, department or meeting. */
export function checkDirectoryConfig(cfg: DirectorySeedConfig & { departments: readonly { code: string }[] }): void {
  const partnerCodes = new Set(cfg.partners.map((p) => p.code));
  const meetingCodes = new Set(cfg.meetingStructures.map((m) => m.code));
  const departmentCodes = new Set(cfg.departments.map((d) => d.code));
  for (const m of cfg.meetingStructures) {
    for (const p of m.partners) if (!partnerCodes.has(p)) throw new Error(`Meeting structure "${m.code}" names unknown partner "${p}"`);
  }
  for (const d of cfg.liaisonNetwork.departments) if (!departmentCodes.has(d)) throw new Error(`Liaison network names unknown department "${d}"`);
  const meeting = cfg.liaisonNetwork.meeting;
  if (meeting && !meetingCodes.has(meeting)) throw new Error(`Liaison network names unknown meeting structure "${meeting}"`);
}

/**
 * The partner directory, meeting structures and liaison departments of the configuration, for a
 * new or an existing database: once per DIRECTORY_SEED_VERSION, under a row lock so that two
 * instances starting together do not both seed. Partners keep their ids (referrals and routing
 * rules point at them); a partner, meeting or liaison row that exists is only completed where empty.
 */
export async function seedDirectory(db: Db, municipality: MunicipalityRow, cfg: DirectorySeedConfig): Promise<boolean> {
  return db.transaction(async (tx) => {
    const settings = await lockDirectorySettings(tx, municipality.id);
    if (settings.seedVersion >= DIRECTORY_SEED_VERSION) return false;

    const partners = new Map((await listPartners(tx, municipality.id)).map((p) => [p.code, p]));
    for (const p of cfg.partners) {
      const directoryFields = {
        organisationType: p.organisationType ?? null,
        openingHours: p.openingHours ?? null,
        secureEmail: p.secureEmail ?? null,
        referralInstructions: p.referralInstructions ?? null,
      };
      const existing = partners.get(p.code);
      if (!existing) {
        const row = await insertPartner(tx, {
          municipalityId: municipality.id,
          code: p.code,
          name: p.name,
          kind: p.kind,
          internalRole: p.internalRole ?? null,
          exploitationForms: p.exploitationForms,
          description: p.description ?? null,
          referralChannel: p.referralChannel ?? null,
          contact: p.contact ?? null,
          ...directoryFields,
        });
        partners.set(p.code, row);
        continue;
      }
      const fill = Object.fromEntries(Object.entries(directoryFields).filter(([k, v]) => v !== null && existing[k as keyof typeof directoryFields] === null));
      if (Object.keys(fill).length) await updatePartner(tx, municipality.id, existing.id, fill);
    }

    const meetings = new Map((await listMeetingStructures(tx, municipality.id)).map((m) => [m.code, m.id]));
    for (const [index, m] of cfg.meetingStructures.entries()) {
      if (meetings.has(m.code)) continue;
      const row = await insertMeetingStructure(tx, {
        municipalityId: municipality.id,
        code: m.code,
        name: m.name,
        level: m.level,
        kind: m.kind,
        purpose: m.purpose ?? null,
        chair: m.chair ?? null,
        frequency: m.frequency ?? null,
        otherParticipants: m.otherParticipants ?? null,
        position: (index + 1) * 10,
      });
      meetings.set(m.code, row.id);
      await setMeetingPartners(tx, row.id, m.partners.flatMap((code) => (partners.has(code) ? [partners.get(code)!.id] : [])));
    }

    const departments = new Map((await listDepartments(tx, municipality.id)).map((d) => [d.code, d.id]));
    const withLiaison = new Set((await listLiaisons(tx, municipality.id)).map((l) => l.liaison.departmentId));
    for (const code of cfg.liaisonNetwork.departments) {
      const departmentId = departments.get(code);
      if (departmentId && !withLiaison.has(departmentId)) await insertLiaison(tx, { municipalityId: municipality.id, departmentId });
    }

    const meetingId = cfg.liaisonNetwork.meeting ? meetings.get(cfg.liaisonNetwork.meeting) : undefined;
    await upsertDirectorySettings(tx, municipality.id, {
      seedVersion: DIRECTORY_SEED_VERSION,
      ...(settings.liaisonMeetingId === null && meetingId ? { liaisonMeetingId: meetingId } : {}),
      ...(settings.liaisonMeetingNote === null && cfg.liaisonNetwork.note ? { liaisonMeetingNote: cfg.liaisonNetwork.note } : {}),
    });
    await audit(tx, null, { action: 'directory.seed', objectType: 'municipality', objectId: municipality.id, result: 'ok', details: { version: DIRECTORY_SEED_VERSION } });
    return true;
  });
}

/** Demo mode: the demo liaisons take the unassigned liaison row of their own department. */
export async function assignDemoLiaisons(db: Db, municipalityId: string, liaisons: readonly { userId: string; departmentId: string | null }[]): Promise<void> {
  for (const l of liaisons) {
    if (l.departmentId) await assignUnassignedLiaison(db, municipalityId, l.departmentId, l.userId, 'ma–do, 9.00–17.00 uur');
  }
}
