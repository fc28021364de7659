import type { MigrationInterface } from 'typeorm';
import { Init1795427030384 } from './1795427030384-init';
import { StaffAuth1795432043588 } from './1795432043588-staff-auth';
import { Graduates1795432571823 } from './1795432571823-graduates';
import { ContactsConsentLinks1795434355514 } from './1795434355514-contacts-consent-links';
import { QueueProbeOrganisation1795434770256 } from './1795434770256-queue-probe-organisation';
import { DeliveryOutbox1795435696894 } from './1795435696894-delivery-outbox';
import { GraduateSearchIndexes1795436000000 } from './1795436000000-graduate-search-indexes';
import { CheckInPlans1795439013734 } from './1795439013734-check-in-plans';
import { SendCountsEngagementEvents1795444977279 } from './1795444977279-send-counts-engagement-events';
import { CheckIns1795445775209 } from './1795445775209-check-ins';
import { MeetingsFamilySessions1795455529231 } from './1795455529231-meetings-family-sessions';
import { EngagementRollups1795457521385 } from './1795457521385-engagement-rollups';
import { StaffDigest1795458435643 } from './1795458435643-staff-digest';
import { ContactDetailsAlerts1795461000000 } from './1795461000000-contact-details-alerts';
import { WorklistIndexes1795461834162 } from './1795461834162-worklist-indexes';
import { Broadcasts1795460569983 } from './1795460569983-broadcasts';
import { Conversations1795459252390 } from './1795459252390-conversations';
import { ContactLog1795458823910 } from './1795458823910-contact-log';
import { DeliveryWritePath1795470000000 } from './1795470000000-delivery-write-path';
import { CheckInWritePath1795470100000 } from './1795470100000-check-in-write-path';

/** Every migration, in order. `npm run db:generate -- <Name>` writes a new one; add it here. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Init1795427030384,
  StaffAuth1795432043588,
  Graduates1795432571823,
  ContactsConsentLinks1795434355514,
  QueueProbeOrganisation1795434770256,
  DeliveryOutbox1795435696894,
  GraduateSearchIndexes1795436000000,
  CheckInPlans1795439013734,
  SendCountsEngagementEvents1795444977279,
  CheckIns1795445775209,
  MeetingsFamilySessions1795455529231,
  EngagementRollups1795457521385,
  StaffDigest1795458435643,
  ContactLog1795458823910,
  Conversations1795459252390,
  Broadcasts1795460569983,
  ContactDetailsAlerts1795461000000,
  WorklistIndexes1795461834162,
  DeliveryWritePath1795470000000,
  CheckInWritePath1795470100000,
];
