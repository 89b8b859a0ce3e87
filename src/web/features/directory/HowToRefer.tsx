import type { ReactNode } from 'react';
import type { ReferralChannel } from '../../../shared/domain.js';
import { useT } from '../../i18n/i18n.js';
import { DataList, Paragraph } from '../../ui/index.js';

/** The referral details of a partner (organisational only: a desk, a general number, a functional mailbox). */
export interface ReferralDetails {
  channel: ReferralChannel | null;
  contact: string | null;
  openingHours: string | null;
  secureEmail: string | null;
  instructions: string | null;
}

/** A partner of the reference data (admin partner view) as referral details. */
export function referralDetailsOf(p: {
  referralChannel: ReferralChannel | null;
  contact: string | null;
  openingHours: string | null;
  secureEmail: string | null;
  referralInstructions: string | null;
}): ReferralDetails {
  return { channel: p.referralChannel, contact: p.contact, openingHours: p.openingHours, secureEmail: p.secureEmail, instructions: p.referralInstructions };
}

/** "Zo verwijst u door": channel, contact, opening hours, secure mail and the route's instruction. */
export function HowToRefer({ details, hideChannel = false }: { details: ReferralDetails; hideChannel?: boolean }) {
  const t = useT();
  const items: ({ label: string; value: ReactNode } | null)[] = [
    !hideChannel && details.channel ? { label: t('directory.how.channel'), value: t(`channel.${details.channel}`) } : null,
    details.contact ? { label: t('directory.how.contact'), value: <span className="mr-directory__pre">{details.contact}</span> } : null,
    details.openingHours ? { label: t('directory.how.openingHours'), value: details.openingHours } : null,
    details.secureEmail ? { label: t('directory.how.secureEmail'), value: <a className="utrecht-link" href={`mailto:${details.secureEmail}`}>{details.secureEmail}</a> } : null,
    details.instructions ? { label: t('directory.how.instructions'), value: details.instructions } : null,
  ];
  const shown = items.filter((x): x is { label: string; value: ReactNode } => x !== null);
  return (
    <div className="mr-directory__how">
      <p className="utrecht-paragraph mr-directory__how-title">
        <strong>{t('directory.how.title')}</strong>
      </p>
      {shown.length ? <DataList items={shown} /> : <Paragraph className="mr-meta">{t('directory.how.none')}</Paragraph>}
    </div>
  );
}
