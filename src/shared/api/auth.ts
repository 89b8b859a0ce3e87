import { z } from 'zod';
import { ROLES, type Role } from '../domain.js';
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

/** Roles for which two-factor login is mandatory; for the others a municipality setting decides. */
export const TOTP_MANDATORY_ROLES: readonly Role[] = ['coordinator', 'deputy_coordinator', 'meldcode_officer', 'admin'];

/** The six digits an authenticator app shows (spaces are ignored). */
export const totpCode = z
  .string({ error: 'v.required' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().min(1, { error: 'v.required' }).regex(/^\d{6}$/, { error: 'v.invalid' }));

/** A one-time recovery code as printed at enrolment, e.g. `k7q2m-x9fhr` (case, spaces and dashes are ignored). */
export const recoveryCode = z
  .string({ error: 'v.required' })
  .transform((v) => v.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().min(1, { error: 'v.required' }).regex(/^[a-z0-9]{10}$/, { error: 'v.invalid' }));

/** The second login step: a code from the authenticator app, or one of the recovery codes. */
export const loginTotpInput = z.object({
  method: z.enum(['totp', 'recovery']).default('totp'),
  // The format is checked by the server as part of checking the code: a malformed code is a wrong code.
  code: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(64),
});

export const totpSetupInput = z.object({
  /** Needed only to replace an authenticator app that is already linked. */
  password: z.string({ error: 'v.required' }).max(LIMITS.passwordMax).optional(),
});
export const totpConfirmInput = z.object({ code: totpCode });
export const totpDisableInput = z.object({
  password: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(LIMITS.passwordMax),
  code: totpCode,
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
  /** Two-factor login is set up for this account. */
  totpEnabled: z.boolean(),
  /** Two-factor login is mandatory for this account; until it is set up, only /api/auth/* is reachable. */
  totpRequired: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionInfo = z.object({ user: sessionUser, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof sessionInfo>;

/**
 * The answer to a correct password: either a session, or (with two-factor login)
 * a short-lived pending login that only POST /api/auth/login/totp accepts.
 */
export const loginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), user: sessionUser, csrfToken: z.string() }),
  z.object({ status: z.literal('totp_required'), csrfToken: z.string() }),
]);
export type LoginResult = z.infer<typeof loginResult>;

export const totpStatus = z.object({
  enabled: z.boolean(),
  required: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});
export type TotpStatus = z.infer<typeof totpStatus>;

export const totpSetup = z.object({
  /** Base32 secret, for typing into the app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code: a data: URL of an SVG image. */
  qrCode: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetup>;

export const recoveryCodesResult = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResult = z.infer<typeof recoveryCodesResult>;

/** Whether single sign-on (OpenID Connect) is configured, and the text of its login button. */
export const oidcInfo = z.object({ enabled: z.boolean(), label: z.string().nullable() });
export type OidcInfo = z.infer<typeof oidcInfo>;
