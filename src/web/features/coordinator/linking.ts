import type { z } from 'zod';
import type * as entity from '../../../shared/api/entity.js';
import type { Translate } from '../../i18n/i18n.js';

/** Response types of the linking endpoints (issue 4). */
export type SignalMatches = z.output<typeof entity.signalMatches>;
export type Candidate = z.output<typeof entity.candidateView>;
export type LinkedSignals = z.output<typeof entity.linkedSignals>;
export type SignalNetwork = z.output<typeof entity.signalNetwork>;
export type NetworkNode = z.output<typeof entity.networkNode>;
export type ClusterList = z.output<typeof entity.clusterList>;
export type EnrichmentRecord = z.output<typeof entity.enrichmentRecord>;
export type EnrichmentEntry = z.output<typeof entity.enrichmentEntry>;

/** "MH-2026-0001 (Geregistreerd)" or "BRP" / "Register: vergunningen": where a candidate lives. */
export function sourceText(t: Translate, source: Candidate['source']): string {
  if (source.type === 'register') return t(source.live ? 'linking.registerSourceLive' : 'linking.registerSource', { register: t(`linking.register.${source.register}`) });
  return source.outcome
    ? t('linking.signalWhereOutcome', { number: source.number, state: t(`state.${source.state}`), outcome: t(`outcome.${source.outcome}`) })
    : t('linking.signalWhere', { number: source.number, state: t(`state.${source.state}`) });
}

export function reasonsText(t: Translate, reasons: readonly Candidate['reasons'][number][]): string {
  return reasons.map((r) => t(`linking.reason.${r}`)).join(', ');
}

export const percent = (score: number) => `${Math.round(score * 100)}%`;
