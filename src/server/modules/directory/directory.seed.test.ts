import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExploitationForm } from '../../../shared/domain.js';
import { partners as partnersTable, routingRules } from '../../db/schema/index.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { createTestDatabase, queryRows } from '../../testing/test-database.js';
import { readMunicipalityConfig, seedMunicipality, type MunicipalityConfig } from '../seed/seed.js';
import { searchPartners, listMeetingMemberships, listMeetingStructures, listLiaisons, findDirectorySettings } from './directory.repo.js';
import { DIRECTORY_SEED_VERSION } from './directory.seed.js';

/**
 * THE check that the seeded Lopik directory matches the policy plan (Beleidsplan Aanpak Mensenhandel
 * Lopik). Bijlage 1 lists the chain partners for labour exploitation, Bijlage 2 those for sexual and
 * criminal exploitation; a partner in both covers all three forms. Step 4 of the route adds forms for
 * the police (acute danger, whatever the form), the zorgcoördinator and Veilig Thuis (always), and the
 * meldcode officer (internal, step 4): those are marked "route".
 */
const ALL_FORMS: ExploitationForm[] = ['sexual', 'labour', 'criminal', 'organ_removal', 'unknown'];
const PARTNERS: { name: string; forms: ExploitationForm[]; source: string }[] = [
  { name: 'Nederlandse Arbeidsinspectie (NLA)', forms: ['labour'], source: 'Bijlage 1' },
  { name: 'Openbaar Ministerie (Functioneel Parket)', forms: ['sexual', 'labour', 'criminal'], source: 'Bijlage 1, 2' },
  { name: 'RIEC Midden-Nederland', forms: ['sexual', 'labour', 'criminal'], source: 'Bijlage 1, 2' },
  { name: 'Moviera – zorgcoördinator mensenhandel', forms: ALL_FORMS, source: 'Bijlage 1, 2; route stap 4 (altijd)' },
  { name: 'Veilig Thuis Utrecht', forms: ALL_FORMS, source: 'Bijlage 1, 2; route stap 4' },
  { name: 'FairWork', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'CoMensha', forms: ['sexual', 'labour', 'criminal', 'organ_removal'], source: 'Bijlage 1, 2 (overige)' },
  { name: 'Brancheverenigingen', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'Stichting Normering Arbeid (SNA)', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'FNV', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'Stichting Naleving cao voor Uitzendkrachten (SNCU)', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'Nederlandse Bond van Bemiddelings- en Uitzendondernemingen (NBBU)', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'Woningbouwverenigingen', forms: ['labour'], source: 'Bijlage 1 (overige)' },
  { name: 'Zorg- en Veiligheidshuis', forms: ['sexual', 'labour', 'criminal'], source: 'Bijlage 1, 2 (overige)' },
  { name: 'Politie – AVIM', forms: ['sexual', 'criminal', 'labour', 'unknown'], source: 'Bijlage 2; route stap 4 (acuut)' },
  { name: 'Belle', forms: ['sexual'], source: 'Bijlage 2 (18+)' },
  { name: 'Pretty Woman', forms: ['sexual'], source: 'Bijlage 2 (tot 23 jaar)' },
  { name: 'GGD', forms: ['sexual', 'criminal'], source: 'Bijlage 2 (overige)' },
  { name: 'Scholen', forms: ['sexual', 'criminal'], source: 'Bijlage 2 (overige)' },
  { name: 'Sportverenigingen', forms: ['sexual', 'criminal'], source: 'Bijlage 2 (overige)' },
  { name: 'Jongerenwerkers', forms: ['sexual', 'criminal'], source: 'Bijlage 2 (overige)' },
  { name: 'Aandachtsfunctionaris meldcode', forms: ALL_FORMS, source: 'route stap 4 (intern)' },
];

/** Bijlage 3 (policy level: regional, then national), Bijlage 4 (operational) and the local trafficking meeting (§ Meldroute intern, capacity). */
const MEETINGS: { name: string; level: string; kind: string; partners: string[]; chair: string | null; frequency: string | null }[] = [
  { name: 'Zorgnetwerk mensenhandel provincie Utrecht', level: 'regional', kind: 'policy', chair: null, frequency: null,
    partners: ['Belle', 'CoMensha', 'GGD', 'Moviera – zorgcoördinator mensenhandel', 'Pretty Woman', 'RIEC Midden-Nederland', 'Veilig Thuis Utrecht'] },
  { name: 'Regiegroep mensenhandel Midden-Nederland', level: 'regional', kind: 'policy', chair: 'Burgemeester Baarn (bestuurlijk portefeuillehouder Eenheid Midden-Nederland)', frequency: null,
    partners: ['Moviera – zorgcoördinator mensenhandel', 'Nederlandse Arbeidsinspectie (NLA)', 'Openbaar Ministerie (Functioneel Parket)', 'Politie – AVIM', 'RIEC Midden-Nederland', 'Veilig Thuis Utrecht'] },
  { name: 'Taskforce GOC', level: 'regional', kind: 'policy', chair: null, frequency: null, partners: [] },
  { name: 'Bestuurlijk overleg mensenhandel', level: 'national', kind: 'policy', chair: 'VNG', frequency: null, partners: [] },
  { name: 'G4 overleg mensenhandel', level: 'national', kind: 'policy', chair: null, frequency: null, partners: [] },
  { name: 'Ketenregisseursoverleg', level: 'national', kind: 'policy', chair: 'CCV', frequency: null, partners: ['RIEC Midden-Nederland'] },
  { name: 'Zorgcoördinatie overleg', level: 'national', kind: 'policy', chair: 'CoMensha', frequency: null, partners: ['CoMensha', 'Moviera – zorgcoördinator mensenhandel'] },
  { name: 'Lokaal ondermijningsoverleg', level: 'local', kind: 'operational', chair: null, frequency: 'Eens in de vier weken', partners: ['RIEC Midden-Nederland'] },
  { name: 'DTO-O/DIS en RTO-O/RIS', level: 'regional', kind: 'operational', chair: null, frequency: null, partners: ['RIEC Midden-Nederland'] },
  { name: 'Zachte signalentafel mensenhandel RIEC (pilot)', level: 'regional', kind: 'operational', chair: null, frequency: null,
    partners: ['Moviera – zorgcoördinator mensenhandel', 'Nederlandse Arbeidsinspectie (NLA)', 'Openbaar Ministerie (Functioneel Parket)', 'Politie – AVIM', 'RIEC Midden-Nederland', 'Veilig Thuis Utrecht'] },
  { name: 'Mensenhandeloverleg gemeente Lopik', level: 'local', kind: 'operational', chair: null, frequency: 'Minimaal 1 keer per maand', partners: [] },
];

/** The departments whose liaisons (taakaccenthouders) take part in the trafficking meeting (plan, § Lokaal Ondermijningsoverleg). */
const LIAISON_DEPARTMENTS = ['Algemene Juridische Zaken (AJZ)', 'Burgerzaken / Dienstverlening', 'Civiel', 'Openbare Orde en Veiligheid (OOV)'];

const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => a.localeCompare(b, 'nl'));

describe('directory seed (Lopik, Bijlage 1–4)', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let cfg: MunicipalityConfig;

  beforeAll(async () => {
    ({ database, dispose } = await createTestDatabase());
    cfg = readMunicipalityConfig(loadConfig({ NODE_ENV: 'test' }).municipalityConfigPath);
  });
  afterAll(async () => dispose());

  /** The configuration as it was before the directory: the first twelve partners, no meetings, no liaison network. */
  const beforeDirectory = (): MunicipalityConfig => ({
    ...cfg,
    partners: cfg.partners.slice(0, 12).map(({ organisationType: _t, referralInstructions: _r, openingHours: _o, secureEmail: _s, ...p }) => p),
    meetingStructures: [],
    liaisonNetwork: { departments: [] },
  });

  it('upgrades an existing database: partners keep their ids, routing rules keep working, the appendices are added', async () => {
    const { municipality } = await seedMunicipality(database.db, beforeDirectory());
    // A database from before this feature has no directory settings row at all.
    await database.db.execute(sql`delete from directory_settings`);
    const before = await database.db.select().from(partnersTable).where(eq(partnersTable.municipalityId, municipality.id));
    const rulesBefore = await database.db.select().from(routingRules);
    expect(before).toHaveLength(12);
    // The admin changed a partner's type before the upgrade: the seed only fills empty fields.
    await database.db.update(partnersTable).set({ organisationType: 'other' }).where(eq(partnersTable.code, 'comensha'));

    const { created } = await seedMunicipality(database.db, cfg);
    expect(created).toBe(false);

    const after = await searchPartners(database.db, municipality.id, {});
    for (const p of before) expect(after.find((a) => a.code === p.code)?.id).toBe(p.id);
    expect(await database.db.select().from(routingRules)).toEqual(rulesBefore);
    expect(after.find((p) => p.code === 'comensha')?.organisationType).toBe('other');
    expect(after.find((p) => p.code === 'nla')?.organisationType).toBe('inspection');
    expect((await findDirectorySettings(database.db, municipality.id))?.seedVersion).toBe(DIRECTORY_SEED_VERSION);
  });

  it('seeds the partners of Bijlage 1–2 with the exploitation forms they cover', async () => {
    const municipality = (await seedMunicipality(database.db, cfg)).municipality;
    const rows = await searchPartners(database.db, municipality.id, {});
    expect(sorted(rows.map((r) => r.name))).toEqual(sorted(PARTNERS.map((p) => p.name)));
    for (const p of PARTNERS) {
      const row = rows.find((r) => r.name === p.name)!;
      expect(sorted(row.exploitationForms), `${p.name} (${p.source})`).toEqual(sorted(p.forms));
      expect(row.organisationType, p.name).not.toBeNull();
      expect(row.description, p.name).toBeTruthy();
    }
    // Bijlage 1 ↔ labour, Bijlage 2 ↔ sexual and criminal: every partner covers the forms of the appendices that list it.
    for (const p of PARTNERS.filter((x) => x.source.startsWith('Bijlage'))) {
      const forms = rows.find((r) => r.name === p.name)!.exploitationForms;
      if (/Bijlage 1/.test(p.source)) expect(forms, p.name).toContain('labour');
      // Belle and Pretty Woman support victims of sexual exploitation only (Bijlage 2).
      if (/Bijlage (1, )?2/.test(p.source)) expect(forms, p.name).toContain('sexual');
      if (/Bijlage (1, )?2/.test(p.source) && !/Belle|Pretty Woman/.test(p.name)) expect(forms, p.name).toContain('criminal');
    }
  });

  it('seeds the meeting structures of Bijlage 3–4 with their partners, chairs and frequencies', async () => {
    const municipality = (await seedMunicipality(database.db, cfg)).municipality;
    const meetings = await listMeetingStructures(database.db, municipality.id);
    const memberships = await listMeetingMemberships(database.db, municipality.id);
    expect(meetings.map((m) => m.name)).toEqual(MEETINGS.map((m) => m.name));
    for (const m of MEETINGS) {
      const row = meetings.find((r) => r.name === m.name)!;
      expect({ level: row.level, kind: row.kind, chair: row.chair, frequency: row.frequency }, m.name).toEqual({ level: m.level, kind: m.kind, chair: m.chair, frequency: m.frequency });
      expect(sorted(memberships.filter((x) => x.meetingStructureId === row.id).map((x) => x.partnerName)), m.name).toEqual(sorted(m.partners));
    }
  });

  it('seeds the liaison departments the plan names, without persons (the plan names none), and the monthly meeting', async () => {
    const municipality = (await seedMunicipality(database.db, cfg)).municipality;
    const liaisons = await listLiaisons(database.db, municipality.id);
    expect(sorted(liaisons.map((l) => l.departmentName))).toEqual(sorted(LIAISON_DEPARTMENTS));
    expect(liaisons.every((l) => l.liaison.userId === null)).toBe(true);
    const settings = await findDirectorySettings(database.db, municipality.id);
    const meeting = (await listMeetingStructures(database.db, municipality.id)).find((m) => m.id === settings?.liaisonMeetingId);
    expect(meeting?.name).toBe('Mensenhandeloverleg gemeente Lopik');
  });

  it('is idempotent: seeding again changes nothing, and an admin edit or removal is not undone', async () => {
    const municipality = (await seedMunicipality(database.db, cfg)).municipality;
    const count = async () =>
      (await queryRows<{ p: number; m: number; mp: number; l: number }>(
        database,
        sql`select (select count(*)::int from partners) as p, (select count(*)::int from meeting_structures) as m,
                   (select count(*)::int from meeting_structure_partners) as mp, (select count(*)::int from department_liaisons) as l`,
      ))[0];
    const first = await count();
    await database.db.execute(sql`delete from department_liaisons where municipality_id = ${municipality.id}`);
    await seedMunicipality(database.db, cfg);
    await seedMunicipality(database.db, cfg);
    expect(await count()).toEqual({ ...first, l: 0 });
  });
});
