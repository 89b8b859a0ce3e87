/**
 * The committed sample of the evaluation report (docs/evaluation/): a fresh in-memory database
 * with the Lopik configuration and demo accounts, ~40 synthetic signals a year over 2024–2026
 * (bench/lib/signals-bulk.ts, deterministic), an implementation plan, training sessions and
 * interventions; then the PDF for 2025–2026 and PNGs of its first pages (needs pdftoppm).
 *
 *   npx tsx scripts/evaluation-sample.ts [out-dir]   (default docs/evaluation)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSignalsDirect } from '../bench/lib/signals-bulk.js';
import { openDatabase } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { generateKeyring } from '../src/server/crypto/keyring.js';
import { staticKeySource, Vault } from '../src/server/crypto/vault.js';
import type { Actor } from '../src/server/lib/actor.js';
import { fixedClock } from '../src/server/lib/clock.js';
import { generateEvaluationPdf } from '../src/server/modules/evaluation/evaluation.service.js';
import { listDepartments } from '../src/server/modules/municipality/municipality.repo.js';
import { createPolicyService } from '../src/server/modules/policy/policy.service.js';
import { readMunicipalityConfig, seedDemo, seedMunicipality } from '../src/server/modules/seed/seed.js';
import { findUserByUsername } from '../src/server/modules/users/user.repo.js';

const out = path.resolve(process.argv[2] ?? 'docs/evaluation');
const TODAY = '2026-12-02';
const clock = fixedClock(`${TODAY}T10:00:00Z`);
const vault = new Vault(staticKeySource(generateKeyring()));
const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
await runMigrations(database);
const db = database.db;
const cfg = readMunicipalityConfig(path.resolve('config/municipalities/lopik.json'));
const { municipality } = await seedMunicipality(db, cfg);
await seedDemo(db, clock, vault, municipality, cfg, 'demo-wachtwoord-123');
const user = (await findUserByUsername(db, 'aandachtsfunctionaris'))!;
const actor: Actor = { userId: user.id, municipalityId: municipality.id, role: 'coordinator', departmentId: user.departmentId, origin: { ip: null, userAgent: 'evaluation sample' } };
await loadSignalsDirect(db, { municipalityId: municipality.id, coordinatorId: user.id, vault, signals: 120, firstYear: 2024, lastYear: 2026, today: TODAY, seed: 5 });

const policy = createPolicyService({ db, clock, vault });
const activities = [
  { title: 'E-learning signalen van mensenhandel voor alle baliemedewerkers', ambition: 1, pillar: 'awareness', status: 'done', result: 'Gevolgd door 46 medewerkers.' },
  { title: 'Meldroute intern vastgesteld en bekendgemaakt', ambition: 1, pillar: 'signalling', status: 'done', result: 'Vastgesteld door het college.' },
  { title: 'Taakaccenthouders in elke afdeling benoemen', ambition: 1, pillar: 'signalling', status: 'started' },
  { title: 'Convenant informatiedeling met RIEC Midden-Nederland', ambition: 2, pillar: 'cooperation', status: 'started' },
  { title: 'Deelname aan het Zorgnetwerk mensenhandel provincie Utrecht', ambition: 2, pillar: 'cooperation', status: 'done', result: 'Vast agendapunt.' },
  { title: 'Afspraken met Moviera over opvang en zorgcoördinatie', ambition: 3, pillar: 'care', status: 'planned' },
  { title: 'Jaarlijks beeld van signalen en risicofactoren', ambition: 4, pillar: 'signalling', status: 'started' },
  { title: 'Bibob-beleid uitbreiden naar huisvesting arbeidsmigranten', ambition: 5, pillar: 'signalling', status: 'planned' },
  { title: 'Controle op huisvesting bij uitzendbureaus', ambition: 5, pillar: 'cooperation', status: 'dropped' },
] as const;
for (const a of activities) {
  await policy.createActivity(actor, { periodStart: 2025, owner: 'Team OOV', startOn: null, dueOn: '2026-12-31', notes: null, result: null, ...a });
}
const departments = new Map((await listDepartments(db, municipality.id)).map((d) => [d.code, d.id]));
const sessions: [string, string, string, [string, number][]][] = [
  ['2025-03-11', 'CoMensha', 'Signalen van mensenhandel herkennen', [['dienstverlening', 14], ['sociaal-domein', 11]]],
  ['2025-10-02', 'RIEC Midden-Nederland', 'Ondermijning en arbeidsuitbuiting', [['oov', 6], ['civiel', 5]]],
  ['2026-04-16', 'CoMensha', 'Gesprekken voeren bij vermoeden van uitbuiting', [['sociaal-domein', 9], ['dienstverlening', 4]]],
  ['2026-09-24', 'Politie AVIM', 'Criminele uitbuiting van jongeren', [['sociaal-domein', 7], ['oov', 3]]],
];
for (const [heldOn, provider, topic, participation] of sessions) {
  await policy.createSession(actor, {
    heldOn,
    provider,
    topic,
    exploitationForms: [],
    notes: null,
    participation: participation.filter(([d]) => departments.has(d)).map(([d, n]) => ({ departmentId: departments.get(d)!, participants: n })),
  });
}
const interventions: [string, string, number][] = [['bibob', '2025', 6], ['closure', '2025', 2], ['housing_inspection', '2025', 5], ['bibob', '2026', 7], ['penalty', '2026', 1], ['housing_inspection', '2026', 6]];
for (const [kind, year, n] of interventions) {
  for (let i = 0; i < n; i++) {
    await policy.createIntervention(actor, { kind: kind as 'bibob', decidedOn: `${year}-0${1 + i}-15`, legalBasis: 'Wet Bibob / APV', signalNumbers: [], result: null, notes: null });
  }
}

const pdf = await generateEvaluationPdf(db, municipality.id, 2025, clock);
mkdirSync(out, { recursive: true });
const file = path.join(out, 'sample-evaluation.pdf');
writeFileSync(file, pdf);
execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', file, path.join(out, 'sample-page')]);
console.log(`${file}: ${pdf.length} bytes; PNGs in ${out}`);
await database.close();
