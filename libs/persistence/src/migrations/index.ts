import type { MigrationInterface } from 'typeorm';
import { Init1795427030384 } from './1795427030384-init';
import { StaffAuth1795432043588 } from './1795432043588-staff-auth';
import { Graduates1795432571823 } from './1795432571823-graduates';
import { ContactsConsentLinks1795434355514 } from './1795434355514-contacts-consent-links';

/** Every migration, in order. `npm run db:generate -- <Name>` writes a new one; add it here. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Init1795427030384,
  StaffAuth1795432043588,
  Graduates1795432571823,
  ContactsConsentLinks1795434355514,
];
