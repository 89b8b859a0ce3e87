import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { ListTable, Paragraph, Td, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import { percent, reasonsText, sourceText, type EnrichmentEntry, type EnrichmentRecord } from './linking.js';
import { StepSection } from './parts.js';

/** One table of a signal's enrichment record: when, what kind, source, content, by whom. */
export function EnrichmentTable({ entries, caption }: { entries: readonly EnrichmentEntry[]; caption: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <ListTable
      caption={caption}
      columns={[t('linking.col.when'), t('linking.col.type'), t('linking.col.source'), t('linking.col.content'), t('linking.col.author')]}
      items={entries}
      empty={t('linking.record.none')}
      row={(e) => (
        <Tr key={`${e.type}-${e.id}`}>
          <Td>{f.stamp(e.at)}</Td>
          <Td>{t(`linking.record.${e.type}`)}</Td>
          <Td>{e.type === 'note' ? `${e.sourceSystem}${e.departmentName ? ` (${e.departmentName})` : ''}` : sourceText(t, e.source)}</Td>
          <Td>
            {e.type === 'note'
              ? e.finding
              : t('linking.record.matched', { entity: e.entity.label, matched: e.matched.label, reasons: reasonsText(t, e.reasons), score: percent(e.score) })}
          </Td>
          <Td>{e.author.displayName}</Td>
        </Tr>
      )}
    />
  );
}

/**
 * "Verrijkingsdossier" on the signal page: notes, confirmed matches and register hits. The page
 * remounts it (key) when the signal's history grows, so it follows the coordinator's changes.
 */
export function EnrichmentRecordSection({ signalId }: { signalId: string }) {
  const t = useT();
  const record = useResource<EnrichmentRecord>(`/api/signals/${signalId}/enrichment`);
  return (
    <StepSection id="sig-enrichment-record" className="mr-caption-hidden" title={t('linking.record.title')}>
      <Paragraph>{t('linking.record.intro')}</Paragraph>
      <Loaded resource={record}>{(r) => <EnrichmentTable entries={r.entries} caption={t('linking.record.caption')} />}</Loaded>
    </StepSection>
  );
}

/** In the referral form, when the enrichment record is among the shared parts: what exactly that is. */
export function SharedEnrichment({ signalId }: { signalId: string }) {
  const t = useT();
  const record = useResource<EnrichmentRecord>(`/api/signals/${signalId}/enrichment`);
  return (
    <div className="mr-shared-enrichment mr-caption-hidden">
      <Paragraph>{t('linking.record.shared')}</Paragraph>
      <Loaded resource={record}>{(r) => <EnrichmentTable entries={r.entries} caption={t('linking.record.caption')} />}</Loaded>
    </div>
  );
}
