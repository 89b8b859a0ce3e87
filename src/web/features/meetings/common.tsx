import type { FieldError } from '../../../shared/validation.js';
import type { Role } from '../../../shared/domain.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { ListItem, Paragraph, StatusBadge, UnorderedList } from '../../ui/index.js';
import { MEETING_MANAGERS, type MeetingStatus, type Participant } from './types.js';
import '../coordinator/coordinator.css';
import './meetings.css';

/** May the user plan and minute meetings (coordinator, deputy)? */
export function useCanManageMeetings(): boolean {
  return (MEETING_MANAGERS as readonly Role[]).includes(useUser().role);
}

const STATUS_TONE: Record<MeetingStatus, 'neutral' | 'active' | 'safe' | 'warning'> = {
  draft: 'neutral',
  published: 'active',
  held: 'safe',
  cancelled: 'warning',
};

/** The meeting's status in words (the badge's colour only repeats it). */
export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const t = useT();
  return <StatusBadge status={STATUS_TONE[status]}>{t(`meet.status.${status}`)}</StatusBadge>;
}

/** "10:00–11:30" from a start time and a duration. */
export function timeRange(start: string, minutes: number): string {
  const [h, m] = start.split(':').map(Number) as [number, number];
  const end = h * 60 + m + minutes;
  const hh = String(Math.floor(end / 60) % 24).padStart(2, '0');
  const mm = String(end % 60).padStart(2, '0');
  return `${start}–${hh}:${mm}`;
}

/** Users first (with their role), then guests (with their organisation). */
export function ParticipantList({ participants }: { participants: readonly Participant[] }) {
  const t = useT();
  if (!participants.length) return <Paragraph>{t('meet.participants.none')}</Paragraph>;
  return (
    <UnorderedList>
      {participants.map((p) => (
        <ListItem key={p.id}>
          {p.userId
            ? t('meet.participants.user', { name: p.name, role: p.role ? t(`role.${p.role}`) : '' })
            : t('meet.participants.guest', { name: p.name, organisation: p.organisation ?? '' })}
        </ListItem>
      ))}
    </UnorderedList>
  );
}

/**
 * Errors on one element of a list of ids (participantUserIds.3, sharedPersonIds.0) belong to the
 * checkbox group as a whole: the summary links to the group, the group shows the message.
 */
export function groupListErrors(errors: FieldError[], lists: readonly string[]): FieldError[] {
  return errors.map((e) => {
    const list = lists.find((l) => e.path.startsWith(`${l}.`));
    return list ? { ...e, path: list } : e;
  });
}
