import { z } from 'zod';
import { id } from './fields.js';
import { partner } from './admin.js';

/** Reference data any logged-in user may read: departments and the partner directory. */
export const referenceData = z.object({
  departments: z.array(z.object({ id, name: z.string() })),
  partners: z.array(partner),
  feedbackDueDays: z.number(),
});

/** Colleagues of the liaison's department, for submitting on their behalf. */
export const colleague = z.object({ id, displayName: z.string() });

export const yearlyOverview = z.object({
  threshold: z.number(),
  years: z.array(
    z.object({
      year: z.number(),
      /** Exact count, or null when suppressed (below the threshold). */
      signals: z.number().nullable(),
      referred: z.number().nullable(),
    }),
  ),
});
