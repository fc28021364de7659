import type { StaffRole } from '@continuum/persistence';

/** Who is calling, as proven by a verified access token. Every tenant query is scoped by it. */
export interface StaffPrincipal {
  userId: string;
  organisationId: string;
  role: StaffRole;
}
