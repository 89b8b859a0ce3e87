import type { z } from 'zod';
import type { colleague, referenceData } from '../../../shared/api/reference.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { assertCan } from '../../lib/permissions.js';
import { toPartner } from '../admin/admin.service.js';
import { findMunicipality, listDepartments } from '../municipality/municipality.repo.js';
import { listPartners } from '../partners/partner.repo.js';
import { listActiveColleagues } from '../users/user.repo.js';

/** Reference data every logged-in user may read (no personal data but colleagues' names for a liaison). */
export function createReferenceService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async reference(actor: Actor): Promise<z.output<typeof referenceData>> {
      assertCan(actor, 'reference.read');
      const [departments, partners, municipality] = await Promise.all([
        listDepartments(db, actor.municipalityId, true),
        listPartners(db, actor.municipalityId, true),
        findMunicipality(db, actor.municipalityId),
      ]);
      return {
        departments: departments.map((d) => ({ id: d.id, name: d.name })),
        partners: partners.map(toPartner),
        feedbackDueDays: municipality!.settings.feedbackDueDays,
      };
    },

    /** A liaison's colleagues, to submit a signal on their behalf. */
    async colleagues(actor: Actor): Promise<z.output<typeof colleague>[]> {
      assertCan(actor, 'signal.submit_on_behalf');
      if (!actor.departmentId) return [];
      const rows = await listActiveColleagues(db, actor.municipalityId, actor.departmentId);
      return rows.filter((r) => r.id !== actor.userId);
    },
  };
}

export type ReferenceService = ReturnType<typeof createReferenceService>;
