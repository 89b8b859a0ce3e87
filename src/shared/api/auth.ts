import { z } from 'zod';
import { ROLES } from '../domain.js';
import { LIMITS } from '../limits.js';
import { id } from './fields.js';

export const loginInput = z.object({
  username: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(LIMITS.username),
  password: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(LIMITS.passwordMax),
});

export const newPassword = z
  .string({ error: 'v.password' })
  .min(LIMITS.passwordMin, { error: 'v.password' })
  .max(LIMITS.passwordMax);

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(LIMITS.passwordMax),
  newPassword,
});

export const sessionUser = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  municipalityName: z.string(),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionInfo = z.object({ user: sessionUser, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof sessionInfo>;
