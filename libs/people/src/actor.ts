import type { StaffRole } from '@continuum/persistence';

/** The staff member acting, and where from: scoping for every query, facts for the audit log. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: StaffRole;
  ip: string | null;
  requestId: string | null;
}
