/** Response types of the API, inferred from the shared zod schemas. */
import type { z } from 'zod';
import type * as admin from '../../shared/api/admin.js';
import type * as auth from '../../shared/api/auth.js';
import type * as reference from '../../shared/api/reference.js';
import type * as signal from '../../shared/api/signal.js';

export type SessionInfo = z.output<typeof auth.sessionInfo>;
export type SessionUser = z.output<typeof auth.sessionUser>;
export type SignalSummary = z.output<typeof signal.signalSummary>;
export type SignalDetail = z.output<typeof signal.signalDetail>;
export type Referral = z.output<typeof signal.referral>;
export type ReferralSuggestion = z.output<typeof signal.referralSuggestion>;
export type Worklist = z.output<typeof signal.worklist>;
export type OwnSignal = z.output<typeof signal.ownSignal>;
export type OwnSignalRow = z.output<typeof signal.ownSignalRow>;
export type DepartmentSignalRow = z.output<typeof signal.departmentSignalRow>;
export type Consultation = z.output<typeof signal.consultation>;
export type CreatedSignal = z.output<typeof signal.createdSignal>;
export type ReferenceData = z.output<typeof reference.referenceData>;
export type Colleague = z.output<typeof reference.colleague>;
export type YearlyOverview = z.output<typeof reference.yearlyOverview>;
export type AdminUser = z.output<typeof admin.adminUser>;
export type CreatedUser = z.output<typeof admin.createdUser>;
export type Department = z.output<typeof admin.department>;
export type Partner = z.output<typeof admin.partner>;
export type RoutingRule = z.output<typeof admin.routingRule>;
export type MunicipalitySettings = z.output<typeof admin.municipalitySettings>;
