import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { municipalitySettings, routingCondition } from '../../../shared/api/admin.js';
import {
  EXPLOITATION_FORMS,
  PARTNER_KINDS,
  REFERRAL_CHANNELS,
  ROLES,
  ROUTING_URGENCIES,
} from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Vault } from '../../crypto/vault.js';
import { addDays, type Clock } from '../../lib/clock.js';
import { audit } from '../audit/audit.service.js';
import { assignDemoLiaisons, checkDirectoryConfig, directoryConfig, partnerDirectoryConfig, seedDirectory } from '../directory/directory.seed.js';
import { contextSeriesSeed } from '../context-series/context-series.service.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import {
  findMunicipalityByCode,
  insertDepartment,
  insertMunicipality,
  listDepartments,
  type MunicipalityRow,
} from '../municipality/municipality.repo.js';
import { insertPartner, insertRoutingRule, listPartners } from '../partners/partner.repo.js';
import { createReferralService } from '../referrals/referral.service.js';
import { createSignalService } from '../signals/signal.service.js';
import { countDemoUsers, findUserByUsername, insertUser } from '../users/user.repo.js';

/** A municipality's configuration file (config/municipalities/*.json). */
export const municipalityConfigSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1),
  settings: municipalitySettings,
  departments: z.array(z.object({ code: z.string().min(2), name: z.string().min(1) })).min(1),
  partners: z.array(
    z.object({
      code: z.string().min(2),
      name: z.string().min(1),
      kind: z.enum(PARTNER_KINDS),
      internalRole: z.enum(ROLES).optional(),
      exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
      description: z.string().optional(),
      referralChannel: z.enum(REFERRAL_CHANNELS).optional(),
      contact: z.string().optional(),
      // Issue 6.2: the partner directory (organisation type, opening hours, secure mail, how to refer).
      ...partnerDirectoryConfig,
    }),
  ),
  routingRules: z.array(
    z.object({
      name: z.string().min(1),
      condition: routingCondition,
      partner: z.string(),
      urgency: z.enum(ROUTING_URGENCIES),
      position: z.number().int(),
    }),
  ),
  demoAccounts: z
    .array(
      z.object({
        username: z.string().min(3),
        displayName: z.string().min(1),
        email: z.string().email().optional(),
        role: z.enum(ROLES),
        department: z.string().nullable(),
      }),
    )
    .default([]),
  // Issue 6.2/6.4: meeting structures (Bijlage 3–4) and the liaison network, seeded once per version, also into an existing database.
  ...directoryConfig,
  /** Issue 5.8: context series (regional figures) seeded once per municipality, also into an existing database. */
  contextSeries: z.array(contextSeriesSeed).default([]),
});
export type MunicipalityConfig = z.infer<typeof municipalityConfigSchema>;

export function readMunicipalityConfig(file: string): MunicipalityConfig {
  const parsed = municipalityConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid municipality configuration ${file}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const partnerCodes = new Set(parsed.data.partners.map((p) => p.code));
  for (const rule of parsed.data.routingRules) {
    if (!partnerCodes.has(rule.partner)) throw new Error(`Routing rule "${rule.name}" names unknown partner "${rule.partner}"`);
  }
  checkDirectoryConfig(parsed.data);
  return parsed.data;
}

/** Create the municipality with its departments, partners and routing rules, unless it exists. */
export async function seedMunicipality(db: Db, cfg: MunicipalityConfig): Promise<{ municipality: MunicipalityRow; created: boolean }> {
  const existing = await findMunicipalityByCode(db, cfg.code);
  if (existing) {
    await seedDirectory(db, existing, cfg);
    return { municipality: existing, created: false };
  }
  const municipality = await db.transaction(async (tx) => {
    const m = await insertMunicipality(tx, { code: cfg.code, name: cfg.name, settings: cfg.settings });
    for (const d of cfg.departments) await insertDepartment(tx, { municipalityId: m.id, code: d.code, name: d.name });
    const partnerIds = new Map<string, string>();
    for (const p of cfg.partners) {
      const row = await insertPartner(tx, {
        municipalityId: m.id,
        code: p.code,
        name: p.name,
        kind: p.kind,
        internalRole: p.internalRole ?? null,
        exploitationForms: p.exploitationForms,
        description: p.description ?? null,
        referralChannel: p.referralChannel ?? null,
        contact: p.contact ?? null,
      });
      partnerIds.set(p.code, row.id);
    }
    for (const r of cfg.routingRules) {
      await insertRoutingRule(tx, {
        municipalityId: m.id,
        name: r.name,
        condition: r.condition,
        partnerId: partnerIds.get(r.partner)!,
        urgency: r.urgency,
        position: r.position,
      });
    }
    await audit(tx, null, { action: 'municipality.seed', objectType: 'municipality', objectId: m.id, result: 'ok' });
    return m;
  });
  await seedDirectory(db, municipality, cfg);
  return { municipality, created: true };
}

export interface DemoCredential {
  username: string;
  role: string;
  password: string;
}

/**
 * Demo mode: one account per role and a handful of signals in different
 * states, so a newcomer sees a living system. Runs only when no demo account exists.
 */
export async function seedDemo(
  db: Db,
  clock: Clock,
  vault: Vault,
  municipality: MunicipalityRow,
  cfg: MunicipalityConfig,
  fixedPassword?: string,
): Promise<DemoCredential[]> {
  if ((await countDemoUsers(db)) > 0) return [];
  const departments = new Map((await listDepartments(db, municipality.id)).map((d) => [d.code, d.id]));
  const credentials: DemoCredential[] = [];
  const actors = new Map<string, Actor>();
  for (const account of cfg.demoAccounts) {
    if (await findUserByUsername(db, account.username)) continue;
    const password = fixedPassword ?? generatePassword();
    const departmentId = account.department ? departments.get(account.department) ?? null : null;
    const id = await insertUser(db, {
      municipalityId: municipality.id,
      username: account.username,
      displayName: account.displayName,
      email: account.email ?? null,
      role: account.role,
      departmentId,
      passwordHash: await hashPassword(password),
      isDemo: true,
    });
    credentials.push({ username: account.username, role: account.role, password });
    actors.set(account.role === 'reporter' && actors.has('reporter') ? 'reporter2' : account.role, {
      userId: id,
      municipalityId: municipality.id,
      role: account.role,
      departmentId,
      origin: { ip: null, userAgent: 'meldroute demo seed' },
    });
  }
  await assignDemoLiaisons(db, municipality.id, [...actors.values()].filter((a) => a.role === 'liaison').map((a) => ({ userId: a.userId, departmentId: a.departmentId })));
  await seedDemoSignals(db, clock, vault, municipality, actors);
  return credentials;
}

async function seedDemoSignals(db: Db, clock: Clock, vault: Vault, municipality: MunicipalityRow, actors: Map<string, Actor>): Promise<void> {
  const reporter = actors.get('reporter');
  const reporter2 = actors.get('reporter2') ?? reporter;
  const liaison = actors.get('liaison');
  const coordinator = actors.get('coordinator');
  if (!reporter || !reporter2 || !liaison || !coordinator) return;
  const today = clock.today();
  // Every step happens on its own day in the past, so that received, referred, feedback and closing
  // dates follow each other (the dashboard's lead times are never negative). No day is before
  // 1 January: the demo's signals keep this year's numbers (MH-<year>-0001…) whatever today is.
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const on = (daysAgo: number) => {
    const past = addDays(today, -daysAgo);
    const date = past < yearStart ? yearStart : past;
    const shift = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`);
    const at: Clock = { now: () => new Date(clock.now().getTime() - shift), today: () => date };
    return { date, signals: createSignalService({ db, clock: at, vault }), referrals: createReferralService({ db, clock: at, vault }) };
  };
  const signals = createSignalService({ db, clock, vault });
  const partners = new Map((await listPartners(db, municipality.id)).map((p) => [p.code, p.id]));
  const partner = (code: string) => partners.get(code)!;

  // 1. Acute, just received.
  await signals.submit(reporter, {
    observedOn: today,
    observedTime: '09:40',
    place: 'Publieksbalie gemeentehuis',
    explanation:
      'Een jonge vrouw kwam met een man een BSN aanvragen. De man voerde het woord, hield haar paspoort vast en zei dat zij "voor hem werkt". Zij keek steeds naar de grond en leek bang.',
    exploitationForms: ['sexual'],
    acuteDanger: true,
    victimInvolved: 'yes',
    sourceContext: 'desk',
    persons: [{ fullName: 'Onbekende vrouw (ca. 20 jaar)', role: 'mogelijk slachtoffer' }],
    organisations: [],
    addresses: [],
  });

  // 2. Registered and enriched, marked for the undermining meeting.
  const second = await on(11).signals.submit(reporter2, {
    observedOn: addDays(today, -12),
    place: 'Huisbezoek Benschop',
    explanation:
      'Bij een huisbezoek trof ik in een eengezinswoning acht matrassen aan. De bewoners werken volgens de hoofdbewoner bij hetzelfde uitzendbureau en betalen huur via hun loon.',
    exploitationForms: ['labour'],
    acuteDanger: false,
    victimInvolved: 'unknown',
    sourceContext: 'home_visit',
    persons: [{ fullName: 'P. Kowalski', role: 'hoofdbewoner', phone: '06 12345678' }],
    organisations: [{ name: 'Flex Uitzend BV', kvkNumber: '12345678' }],
    addresses: [{ postcode: '3405 AB', houseNumber: 12 }],
  });
  const recorded = on(10);
  await recorded.signals.register(coordinator, second.id);
  await recorded.signals.addEnrichmentNote(coordinator, second.id, {
    sourceSystem: 'BRP',
    finding: 'Op dit adres staan 2 personen ingeschreven; geen eerdere meldingen bij Toezicht en Handhaving.',
  });
  await on(9).signals.markForMeeting(coordinator, second.id, { forMeeting: true, meetingNote: 'Bespreken met wijkagent: huisvesting arbeidsmigranten.' });

  // 3. Referred five weeks ago; the partner has not answered: overdue feedback.
  const third = await on(38).signals.submit(reporter, {
    observedOn: addDays(today, -40),
    place: 'Bouwplaats Lopikerkapel',
    explanation: 'Tijdens een bouwcontrole zag ik arbeiders zonder veiligheidsmiddelen die zeiden 14 uur per dag te werken en hun loon niet zelf te ontvangen.',
    exploitationForms: ['labour'],
    acuteDanger: false,
    victimInvolved: 'yes',
    sourceContext: 'building_inspection',
    persons: [],
    organisations: [{ name: 'Bouwbedrijf Voorbeeld' }],
    addresses: [],
  });
  await on(37).signals.register(coordinator, third.id);
  const referredThird = on(35);
  for (const code of ['nla', 'moviera']) {
    await referredThird.referrals.create(coordinator, third.id, {
      partnerId: partner(code),
      referredOn: referredThird.date,
      channel: 'secure_email',
      sharedParts: ['explanation', 'organisations', 'place_and_time'],
    });
  }

  // 4. Closed: referred, feedback received, reporter informed.
  const fourth = await on(88).signals.submit(reporter2, {
    observedOn: addDays(today, -90),
    place: 'Breed Sociaal Loket',
    explanation: 'Een inwoner vertelde dat zijn zoon pakketjes moet rondbrengen voor "vrienden" om een schuld af te lossen.',
    exploitationForms: ['criminal'],
    acuteDanger: false,
    victimInvolved: 'yes',
    sourceContext: 'desk',
    persons: [],
    organisations: [],
    addresses: [],
  });
  await on(86).signals.register(coordinator, fourth.id);
  const referredFourth = on(80);
  const referral = await referredFourth.referrals.create(coordinator, fourth.id, {
    partnerId: partner('moviera'),
    referredOn: referredFourth.date,
    channel: 'phone',
    sharedParts: ['explanation'],
  });
  await referredFourth.referrals.requestFeedback(coordinator, referral.id, { requestedOn: referredFourth.date });
  const answered = on(60);
  await answered.referrals.recordFeedback(coordinator, referral.id, {
    receivedOn: answered.date,
    text: 'Zorgcoördinator heeft contact gelegd met het gezin; er is begeleiding gestart.',
  });
  const informed = on(55);
  await informed.signals.recordReporterFeedback(coordinator, fourth.id, {
    impossible: false,
    givenOn: informed.date,
    text: 'Dank voor je melding. Het signaal is doorgezet naar de zorgcoördinator mensenhandel; er is hulp gestart.',
  });
  await informed.signals.close(coordinator, fourth.id, { outcome: 'referred' });

  // 5. Submitted by the liaison on behalf of a colleague.
  await signals.submit(liaison, {
    observedOn: addDays(today, -1),
    explanation: 'Collega meldt dat een klant bij het aanvragen van een uitkering vertelde dat zijn werkgever zijn bankpas beheert.',
    exploitationForms: ['labour', 'unknown'],
    acuteDanger: false,
    victimInvolved: 'unknown',
    sourceContext: 'desk',
    persons: [],
    organisations: [],
    addresses: [],
    onBehalfOfUserId: reporter.userId,
  });
}
