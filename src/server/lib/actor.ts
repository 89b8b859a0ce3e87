import type { Role } from '../../shared/domain.js';

/** Where a request came from, for the audit trail. */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
}

/** The authenticated user on whose behalf a service acts. */
export interface Actor {
  userId: string;
  municipalityId: string;
  role: Role;
  departmentId: string | null;
  origin: Origin;
}
