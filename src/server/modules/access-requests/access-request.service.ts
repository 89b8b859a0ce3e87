import type {
  AccessRequestExportInput,
  AccessRequestMatch,
  AccessRequestMatchKey,
  AccessRequestPackage,
  AccessRequestSearchInput,
  AccessRequestSearchResult,
} from '../../../shared/api/access-request.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { listReferralsOfSignal } from '../referrals/referral.repo.js';
import { findSignal, listEnrichmentNotes, listReporterFeedback, loadSignalParts } from '../signals/signal.repo.js';
import { findUserById } from '../users/user.repo.js';
import { findPersonCandidates, findPersonSignals } from './access-request.repo.js';
import { renderAccessRequestPdf } from './access-request.pdf.js';
import { createRedactor, withheldSummary } from './redact.js';

export interface AccessRequestFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

type PackageSignal = AccessRequestPackage['signals'][number];

const TITLE = 'Inzageverzoek (AVG artikel 15)';

function notice(municipality: string): string[] {
  return [
    `Dit overzicht bevat de gegevens die ${municipality} in Meldroute, het systeem voor signalen van mensenhandel, over u heeft vastgelegd. U ontvangt het naar aanleiding van uw verzoek om inzage op grond van artikel 15 van de Algemene verordening gegevensbescherming (AVG).`,
    'Per signaal ziet u wanneer het is ontvangen en hoe het is behandeld, uw eigen gegevens, de teksten die over het signaal zijn vastgelegd en aan welke organisaties het is doorgegeven. Gegevens van andere personen en organisaties zijn vervangen door [derde], de melder door [melder]: die worden niet verstrekt, ter bescherming van hun rechten (artikel 15, lid 4 AVG).',
    'Voor de aandachtsfunctionaris: dit pakket is automatisch samengesteld en is een concept. Lees het volledig na voordat u het verstrekt. Namen, bijnamen, adressen of andere gegevens van derden of van de melder die anders zijn geschreven dan vastgelegd, worden niet automatisch herkend.',
  ];
}

/**
 * Access requests (AVG art. 15), coordinator only. Search compares blind indexes
 * (HMAC) and never stores, logs or audits what was searched for; the export gives the
 * data subject's own records and the redacted free texts of the signals they occur in.
 */
export function createAccessRequestService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;
  const keys = blindKeys(vault);

  async function refuse(actor: Actor, action: string): Promise<never> {
    await audit(db, actor, { action, objectType: 'access_request', result: 'denied' });
    throw forbidden();
  }

  async function packageSignal(municipalityId: string, signalId: string, subjectIds: Set<string>): Promise<PackageSignal> {
    const signal = await findSignal(db, vault, municipalityId, signalId);
    if (!signal) throw notFound('persoon');
    const [parts, notes, referralRows, feedback, reporter, submitter] = await Promise.all([
      loadSignalParts(db, vault, signalId),
      listEnrichmentNotes(db, vault, signalId),
      listReferralsOfSignal(db, vault, municipalityId, signalId),
      listReporterFeedback(db, vault, signalId),
      // Null once the retention job removed who reported (the texts are gone by then too).
      signal.reporterId ? findUserById(db, municipalityId, signal.reporterId) : Promise.resolve(undefined),
      signal.submittedById && signal.submittedById !== signal.reporterId ? findUserById(db, municipalityId, signal.submittedById) : Promise.resolve(undefined),
    ]);
    const subject = parts.persons.filter((p) => subjectIds.has(p.id));
    const others = parts.persons.filter((p) => !subjectIds.has(p.id));
    const redact = createRedactor({
      thirdPartyNames: [...others.map((p) => p.fullName), ...parts.organisations.flatMap((o) => [o.name, o.kvkNumber])],
      thirdPartyEmails: others.map((p) => p.email),
      thirdPartyPhones: others.map((p) => p.phone),
      reporter: [reporter?.displayName, reporter?.email, submitter?.displayName, submitter?.email],
      keep: subject.flatMap((p) => [p.fullName, p.email, p.phone]),
    });

    const texts: PackageSignal['texts'] = [{ kind: 'explanation', label: 'Toelichting van de melding', date: signal.observedOn, text: redact(signal.explanation) }];
    if (signal.place) texts.push({ kind: 'place', label: 'Plaats', date: null, text: redact(signal.place) });
    for (const n of notes) {
      texts.push({ kind: 'enrichment_finding', label: `Bevinding (${redact(n.sourceSystem)})`, date: n.createdAt.toISOString().slice(0, 10), text: redact(n.finding) });
    }
    for (const r of referralRows) {
      if (r.referral.sharedNote) {
        texts.push({ kind: 'referral_note', label: `Toelichting bij doorverwijzing naar ${r.partnerName}`, date: r.referral.referredOn, text: redact(r.referral.sharedNote) });
      }
      if (r.referral.feedbackText) {
        texts.push({ kind: 'referral_feedback', label: `Terugkoppeling van ${r.partnerName}`, date: r.referral.feedbackReceivedOn, text: redact(r.referral.feedbackText) });
      }
    }
    // Why the reporter could not be told anything is about the reporter, not about the data subject.
    for (const f of feedback.filter((x) => !x.impossible)) {
      texts.push({ kind: 'reporter_feedback', label: 'Terugkoppeling aan de melder', date: f.givenOn, text: redact(f.text) });
    }

    const withheld = { otherPersons: others.length, organisations: parts.organisations.length, addresses: parts.addresses.length };
    return {
      number: signal.number,
      receivedAt: signal.receivedAt.toISOString(),
      observedOn: signal.observedOn,
      registeredAt: signal.registeredAt?.toISOString() ?? null,
      closedAt: signal.closedAt?.toISOString() ?? null,
      state: signal.state,
      outcome: signal.outcome,
      exploitationForms: signal.exploitationForms,
      subject: subject.map((p) => ({ fullName: p.fullName, role: p.role, email: p.email, phone: p.phone, birthDate: p.birthDate })),
      texts,
      referrals: referralRows.map((r) => ({
        partner: r.partnerName,
        referredOn: r.referral.referredOn,
        state: r.referral.state,
        feedbackReceivedOn: r.referral.feedbackReceivedOn,
      })),
      withheld: { ...withheld, reporter: true, summary: withheldSummary(withheld) },
    };
  }

  return {
    /** Person records matching name + date of birth, e-mail or phone, by blind index. Audited with counts only. */
    async search(actor: Actor, input: AccessRequestSearchInput): Promise<AccessRequestSearchResult> {
      if (!can(actor, 'access_request.handle')) return refuse(actor, 'access_request.search');
      const byName = Boolean(input.fullName && input.birthDate);
      const candidates = await findPersonCandidates(db, vault, actor.municipalityId, {
        nameKey: byName ? keys.personName(input.fullName!) : null,
        emailKey: keys.email(input.email),
        phoneKey: keys.phone(input.phone),
      });
      const matches: AccessRequestMatch[] = [];
      for (const c of candidates) {
        const matchedOn: AccessRequestMatchKey[] = [];
        // A record with another date of birth is someone else with the same name; without one, the coordinator decides.
        const nameMatches = c.nameMatch && (c.birthDate === null || c.birthDate === input.birthDate);
        if (nameMatches) matchedOn.push('name_birthdate');
        if (c.emailMatch) matchedOn.push('email');
        if (c.phoneMatch) matchedOn.push('phone');
        if (!matchedOn.length) continue;
        matches.push({
          personId: c.personId,
          signal: { ...c.signal, receivedAt: c.signal.receivedAt.toISOString() },
          matchedOn,
          birthDateUnknown: nameMatches && c.birthDate === null,
        });
      }
      await audit(db, actor, {
        action: 'access_request.search',
        objectType: 'access_request',
        result: 'ok',
        details: {
          matches: matches.length,
          signals: new Set(matches.map((m) => m.signal.id)).size,
          birthDateUnknown: matches.filter((m) => m.birthDateUnknown).length,
        },
      });
      return { matches };
    },

    /**
     * The package of the selected person records, grouped per signal, as JSON or PDF.
     * An id that is not a person record of the actor's municipality is a 404 for the whole request.
     */
    async export(actor: Actor, input: AccessRequestExportInput): Promise<AccessRequestFile> {
      if (!can(actor, 'access_request.handle')) return refuse(actor, 'access_request.export');
      const ids = [...new Set(input.personIds.map((id) => id.toLowerCase()))];
      const rows = await findPersonSignals(db, actor.municipalityId, ids);
      if (rows.length !== ids.length) {
        await audit(db, actor, { action: 'access_request.export', objectType: 'access_request', result: 'not_found' });
        throw notFound('persoon');
      }
      const bySignal = new Map<string, Set<string>>();
      for (const r of rows) bySignal.set(r.signalId, (bySignal.get(r.signalId) ?? new Set()).add(r.personId));
      const municipality = (await findMunicipality(db, actor.municipalityId))?.name ?? 'de gemeente';
      const signals: PackageSignal[] = [];
      for (const [signalId, subjectIds] of bySignal) signals.push(await packageSignal(actor.municipalityId, signalId, subjectIds));

      const pkg: AccessRequestPackage = { title: TITLE, notice: notice(municipality), municipality, generatedAt: clock.now().toISOString(), signals };
      const body = input.format === 'pdf' ? await renderAccessRequestPdf(pkg) : Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`, 'utf8');

      await db.transaction(async (tx: DbOrTx) => {
        // One entry per signal, so that the signal's access log shows the export, and one for the request.
        for (const signalId of bySignal.keys()) {
          await audit(tx, actor, { action: 'access_request.export', objectType: 'signal', objectId: signalId, result: 'ok', details: { personRecords: bySignal.get(signalId)!.size } });
        }
        await audit(tx, actor, {
          action: 'access_request.export',
          objectType: 'access_request',
          result: 'ok',
          details: { personRecords: ids.length, signals: bySignal.size, format: input.format },
        });
      });
      return {
        filename: `inzageverzoek-${clock.today()}.${input.format}`,
        contentType: input.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
        body,
      };
    },
  };
}
export type AccessRequestService = ReturnType<typeof createAccessRequestService>;
