import { seedDemoCheckIns } from '@continuum/check-ins';
import type { DemoPopulator } from '@continuum/identity';
import { seedDemoMeetings } from '@continuum/meetings';
import { seedDemoPeople } from '@continuum/people';

/** Everything the demo organisation holds beyond its logins: people and consents, check-in plans, an on-call coordinator, a weekly meeting. */
export const populateDemo: DemoPopulator = async (manager, organisationId, adminId) => {
  await seedDemoPeople(manager, organisationId, adminId);
  await seedDemoCheckIns(manager, organisationId);
  await seedDemoMeetings(manager, organisationId);
};
