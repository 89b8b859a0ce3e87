import type { SignalSummary } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { Link, ListTable, StatusBadge, Td, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';

/** Badges that mark a signal in any list: acute, for the meeting. */
export function SignalMarks({ signal }: { signal: Pick<SignalSummary, 'acuteDanger' | 'forMeeting'> }) {
  const t = useT();
  return (
    <>
      {signal.acuteDanger ? <StatusBadge status="danger">{t('coord.acute')}</StatusBadge> : null}
      {signal.forMeeting ? <StatusBadge status="neutral">{t('coord.forMeetingBadge')}</StatusBadge> : null}
    </>
  );
}

/** A table of signals, each linking to its page; acute rows stand out. */
export function SignalTable({ caption, signals }: { caption: string; signals: SignalSummary[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <ListTable
      caption={caption}
      columns={[t('coord.col.number'), t('coord.col.received'), t('coord.col.forms'), t('coord.col.department'), t('coord.col.state')]}
      items={signals}
      row={(s) => (
        <Tr key={s.id}>
          <Td className={s.acuteDanger ? 'mr-acute' : undefined}>
            <span className="mr-cell-marks">
              <Link to={`/signalen/${s.id}`}>{s.number}</Link>
              <SignalMarks signal={s} />
            </span>
          </Td>
          <Td>{f.stamp(s.receivedAt)}</Td>
          <Td>{s.exploitationForms.map((form) => t(`form.${form}`)).join(', ')}</Td>
          <Td>{s.departmentName ?? '–'}</Td>
          <Td>
            {t(`state.${s.state}`)}
            {s.outcome ? ` (${t(`outcome.${s.outcome}`)})` : ''}
          </Td>
        </Tr>
      )}
    />
  );
}
