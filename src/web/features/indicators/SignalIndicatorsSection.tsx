import { useState } from 'react';
import { signalIndicatorsInput } from '../../../shared/api/indicators.js';
import type { ExploitationForm } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, ListTable, Paragraph, Td, Th, Tr } from '../../ui/index.js';
import { StepForm, StepSection, usePrefixedForm } from '../coordinator/parts.js';
import { IndicatorChecklist } from './IndicatorChecklist.js';
import type { SignalIndicators } from './types.js';

/**
 * The coordinator's signal page (issue 6.3): the indicators ticked on the signal — by the
 * reporter at submission or by the coordinator while recording — and a form to add or remove
 * the coordinator's own ticks (not on a closed signal).
 */
export function SignalIndicatorsSection({ signalId, forms, closed }: { signalId: string; forms: readonly ExploitationForm[]; closed: boolean }) {
  const t = useT();
  const ticked = useResource<SignalIndicators>(`/api/signals/${encodeURIComponent(signalId)}/indicators`);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <StepSection id="sig-indicators" className="mr-step" title={t('ind.signal.title')}>
      <Loaded resource={ticked}>
        {(data) => (
          <>
            <ListTable
              items={data.indicators}
              empty={t('ind.signal.none')}
              caption={t('ind.signal.caption', { count: data.indicators.length })}
              columns={[t('ind.signal.col.group'), t('ind.signal.col.text'), t('ind.signal.col.by')]}
              row={(i) => (
                <Tr key={i.id}>
                  <Td>{t(`ind.group.${i.group}`)}</Td>
                  <Th scope="row">
                    {i.text} {i.active ? null : t('ind.signal.inactive')}
                  </Th>
                  <Td>{t(`ind.source.${i.source}`)}</Td>
                </Tr>
              )}
            />
            {saved ? <Alert type="ok">{t('ind.signal.saved')}</Alert> : null}
            {closed ? null : editing ? (
              <TickForm
                signalId={signalId}
                forms={forms}
                data={data}
                onCancel={() => setEditing(false)}
                onSaved={async () => {
                  await ticked.reload();
                  setEditing(false);
                  setSaved(true);
                }}
              />
            ) : (
              <Button
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
                aria-expanded={false}
              >
                {t('ind.signal.edit')}
              </Button>
            )}
          </>
        )}
      </Loaded>
    </StepSection>
  );
}

function TickForm({
  signalId,
  forms,
  data,
  onCancel,
  onSaved,
}: {
  signalId: string;
  forms: readonly ExploitationForm[];
  data: SignalIndicators;
  onCancel(): void;
  onSaved(): Promise<void>;
}) {
  const t = useT();
  const form = usePrefixedForm('indicators');
  const byReporter = data.indicators.filter((i) => i.source === 'reporter').map((i) => i.id);
  const [ids, setIds] = useState<string[]>(data.indicators.filter((i) => i.source === 'coordinator').map((i) => i.id));
  return (
    <StepForm
      form={form}
      onSubmit={async () => {
        if (await form.send(signalIndicatorsInput, { indicatorIds: ids }, (body) => api.put(`/api/signals/${encodeURIComponent(signalId)}/indicators`, body))) await onSaved();
      }}
      actions={
        <div className="mr-indicator-actions">
          <Button type="submit" variant="primary" busy={form.busy}>
            {t('ind.signal.save')}
          </Button>
          <Button onClick={onCancel}>{t('app.cancel')}</Button>
        </div>
      }
    >
      <Paragraph>{t('ind.signal.editHint')}</Paragraph>
      <IndicatorChecklist
        name={form.name('indicatorIds')}
        legend={t('ind.signal.edit')}
        forms={forms}
        value={ids}
        onChange={setIds}
        exclude={byReporter}
        errors={form.summary}
      />
    </StepForm>
  );
}
