import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { SIGNAL_STATES, type SignalState } from '../../../shared/domain.js';
import type { SignalSummary } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Button, Paragraph, SelectField } from '../../ui/index.js';
import { SignalTable } from './SignalTable.js';
import './coordinator.css';

/** The most the API returns in one page. */
const LIMIT = 500;

const isState = (value: string | null): value is SignalState => SIGNAL_STATES.includes(value as SignalState);

export function SignalListPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const current = params.get('state');
  const state = isState(current) ? current : null;
  const [choice, setChoice] = useState<string>(state ?? '');
  const signals = useResource<SignalSummary[]>(`/api/signals?limit=${LIMIT}${state ? `&state=${state}` : ''}`);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setParams(choice ? { state: choice } : {});
  }

  const caption = state ? t('coord.list.captionState', { state: t(`state.${state}`) }) : t('coord.list.captionAll');
  return (
    <Page title={t('coord.list.title')}>
      <form onSubmit={onSubmit} className="mr-row mr-filter" aria-label={t('coord.list.filter')}>
        <SelectField
          name="state"
          label={t('coord.list.stateFilter')}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          options={SIGNAL_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          placeholder={t('coord.list.allStates')}
        />
        <Button type="submit">{t('coord.list.apply')}</Button>
      </form>
      <Loaded resource={signals}>
        {(rows) =>
          rows.length === 0 ? (
            <Paragraph role="status">{t('coord.list.empty')}</Paragraph>
          ) : (
            <>
              <Paragraph role="status">
                {rows.length >= LIMIT ? t('coord.list.countLimited', { count: rows.length }) : t('coord.list.count', { count: rows.length })}
              </Paragraph>
              <SignalTable caption={caption} signals={rows} />
            </>
          )
        }
      </Loaded>
    </Page>
  );
}
