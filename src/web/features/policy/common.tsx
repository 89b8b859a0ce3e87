import type { ReactNode } from 'react';
import type { z } from 'zod';
import type * as policy from '../../../shared/api/policy.js';
import type { Role } from '../../../shared/domain.js';
import { useUser } from '../../app/session.js';
import { Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Button, Paragraph } from '../../ui/index.js';
import { Notice } from '../admin/components.js';

export type PlanOverview = z.output<typeof policy.planOverview>;
export type PlanActivity = z.output<typeof policy.planActivity>;
export type CarryOverResult = z.output<typeof policy.carryOverResult>;
export type TrainingSession = z.output<typeof policy.trainingSession>;
export type TrainingReach = z.output<typeof policy.trainingReach>;
export type Intervention = z.output<typeof policy.intervention>;
export type InterventionCounts = z.output<typeof policy.interventionCounts>;

/** Who changes the plan, training sessions and interventions (permission policy.manage). */
export const POLICY_MANAGERS = ['coordinator', 'deputy_coordinator'] as const satisfies readonly Role[];
/** Who reads the plan and training reach (permission policy.read). */
export const POLICY_READERS = ['coordinator', 'deputy_coordinator', 'analyst'] as const satisfies readonly Role[];

export function useCanManage(): boolean {
  return (POLICY_MANAGERS as readonly Role[]).includes(useUser().role);
}

/** An empty text field is "no text" (null clears a stored value). */
export const textOrNull = (v: string): string | null => (v.trim() === '' ? null : v);

/**
 * Like the admin ListPage, but the add button only for those who may change things;
 * a read-only reader gets a sentence saying so.
 */
export function PolicyPage({
  title,
  intro,
  notice,
  addLabel,
  adding,
  onAdd,
  top,
  children,
}: {
  title: string;
  intro: string;
  notice: Parameters<typeof Notice>[0]['notice'];
  addLabel: string;
  adding: boolean;
  onAdd(): void;
  top?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  const canManage = useCanManage();
  return (
    <Page title={title} intro={intro}>
      <Notice notice={notice} />
      {top}
      {canManage ? (
        <div className="mr-admin-toolbar">
          <Button variant="primary" onClick={onAdd} aria-expanded={adding}>
            {addLabel}
          </Button>
        </div>
      ) : (
        <Paragraph>{t('policy.readOnly')}</Paragraph>
      )}
      {children}
    </Page>
  );
}
