import type { OwnSignalRow } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { StatusBadge } from '../../ui/index.js';

const BADGE = { received: 'neutral', in_progress: 'active', closed: 'safe' } as const;

/** The coarse status a reporter or liaison sees of a signal. */
export function OwnStatus({ status }: { status: OwnSignalRow['status'] }) {
  const t = useT();
  return <StatusBadge status={BADGE[status]}>{t(`ownStatus.${status}`)}</StatusBadge>;
}
