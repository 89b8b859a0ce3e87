import type { Role } from '../../shared/domain.js';
import type { Actor } from './actor.js';
import { forbidden } from './errors.js';

/**
 * The one table of who may do what (need to know, domain.md "Roles"). Services
 * call `assertCan`; object-level rules (own signal, consulted signal, same
 * municipality) are enforced in the services' queries on top of this.
 */
export const PERMISSIONS = {
  /** Submit a signal (step 1). */
  'signal.submit': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'],
  /** Submit on behalf of a colleague of one's own department. */
  'signal.submit_on_behalf': ['liaison'],
  /** See the signals one submitted or that were submitted for one, with the feedback given. */
  'signal.read_own': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'],
  /** See which signals of one's own department are open (no content, no reporter). */
  'signal.read_department_open': ['liaison'],
  /** See every signal of the municipality. */
  'signal.read_all': ['coordinator', 'deputy_coordinator'],
  /** See signals put before one for consultation. */
  'signal.read_consulted': ['meldcode_officer'],
  /** See who reported a signal (in every view of it). */
  'signal.read_reporter_identity': ['coordinator'],
  /**
   * Look up who reported one signal after giving a reason; audited, and the reason is
   * shown to the coordinator (the deputy coordinator, "plaatsvervanger").
   */
  'signal.reveal_reporter_identity': ['deputy_coordinator'],
  /** The per-signal access log: it names everyone who touched a signal, the reporter included. */
  'signal.read_access_log': ['coordinator'],
  /** Work a signal through the route: register, enrich, refer, feedback, close. */
  'signal.manage': ['coordinator', 'deputy_coordinator'],
  // Keeping personal data past the retention term is the coordinator's decision.
  'signal.legal_hold': ['coordinator'],
  /**
   * Access requests (AVG art. 15): find a data subject's records across all signals and
   * export them. It reads every signal's free text, so the coordinator only.
   */
  'access_request.handle': ['coordinator'],
  /**
   * Candidate matches, links between signals and municipal register records (issue 4): the
   * coordinator's enrichment work, so the coordinator and their deputy.
   */
  'entity.match': ['coordinator', 'deputy_coordinator'],
  /** Import municipal registers (CSV extracts): functional management, and the coordinator. */
  'register.import': ['coordinator', 'admin'],
  /** Record advice on a consultation. */
  'consultation.advise': ['meldcode_officer'],
  /** Aggregated monitoring figures. */
  'stats.read': ['coordinator', 'deputy_coordinator', 'analyst'],
  /**
   * Issue 5: pseudonymised signal rows (one row per signal, no free text, no person, no reporter)
   * as CSV/XLSX. Row-level data: the coordinator only (issue 5: "for the coordinator only").
   */
  'stats.export_signals': ['coordinator'],
  /**
   * Issue 5: the implementation plan, awareness and training sessions and the reach per department,
   * and the number of interventions per kind (no notes): read by the analyst too.
   */
  'policy.read': ['coordinator', 'deputy_coordinator', 'analyst'],
  /** Change the implementation plan, training sessions and interventions. */
  'policy.manage': ['coordinator', 'deputy_coordinator'],
  /** Interventions in detail: related signals, result and notes (free text that may name people). */
  'intervention.read': ['coordinator', 'deputy_coordinator'],
  /**
   * Issue 5 point 4: the biennial evaluation report (PDF/DOCX, always with small counts suppressed) and
   * the coordinator's conclusions in it: the coordinator and the deputy, like the plan they evaluate.
   */
  'evaluation.manage': ['coordinator', 'deputy_coordinator'],
  /** Users, departments, partners, routing rules and settings. */
  'admin.manage': ['admin'],
  /** Department list and partner directory. */
  'reference.read': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  /**
   * Issue 6.2/6.4: the partner directory ("Waar kan ik terecht?"), the meeting structures and one's own
   * department's liaison: every logged-in role, reporters included (organisations only, no signal data).
   */
  'directory.read': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  /** Maintain meeting structures and the liaison network (partners themselves: admin.manage). */
  'directory.manage': ['admin'],
  // --- issue 6.3: indicator lists ---
  /** The active indicator list, to tick on the signal form: every role that can report. */
  'indicator.read': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'],
  /** Maintain the indicator list (create, edit, deactivate, reorder): the coordinator and the deputy. */
  'indicator.manage': ['coordinator', 'deputy_coordinator'],
  // --- issue 6.6: calendar feeds ---
  /**
   * One's own calendar feed (a secret, revocable iCalendar URL) of the meetings one takes part in and
   * one's open action items: every role, since anyone may be a participant or an action's owner; the
   * feed carries no personal data (series, place, time, signal numbers).
   */
  'calendar.subscribe': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  /** In one's feed also every meeting of the municipality and the partners' feedback due dates (signal number only). */
  'calendar.municipality_items': ['coordinator', 'deputy_coordinator'],
  // --- issue 6.1: meetings ---
  /**
   * Meetings one takes part in (object level: a participant of the series sees its published agendas,
   * pseudonymised). Any role can be invited; the coordinator and deputy see every meeting.
   */
  'meeting.read': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  /** Plan series and meetings, build and publish agendas, minute them, assign action items. */
  'meeting.manage': ['coordinator', 'deputy_coordinator'],
  /** See one's own action items and mark them done (object level: the owner only). */
  'meeting.action_own': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  // --- issue 6.5: notifications ---
  /** One's own in-app notifications (list, mark read): every logged-in role; other users' are not found. */
  'notification.read_own': ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'],
  /** The e-mail outbox (delivery state and errors, never addresses or content) and retrying a failed e-mail. */
  'email_outbox.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function assertCan(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
