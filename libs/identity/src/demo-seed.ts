import { DataSource, EntityManager } from 'typeorm';
import { OrganisationEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';
import { PasswordHasher } from './password-hasher';

export const DEMO_ORGANISATION_SLUG = 'demo';
export const DEMO_LOGINS = {
  admin: 'admin@demo.continuum.test',
  coordinator: 'coordinator@demo.continuum.test',
} as const;

/** Fills a new demo organisation with more records, in the same transaction. */
export type DemoPopulator = (manager: EntityManager, organisationId: string, adminId: string) => Promise<void>;

/**
 * Creates the demo organisation and its two logins when it does not exist yet, then lets
 * `populate` add its people; leaves an existing one untouched. Returns whether it created anything.
 */
export async function seedDemo(dataSource: DataSource, password: string, populate?: DemoPopulator): Promise<boolean> {
  const hasher = new PasswordHasher();
  return dataSource.transaction(async (manager) => {
    const existing = await manager.findOneBy(OrganisationEntity, { slug: DEMO_ORGANISATION_SLUG });
    if (existing) return false;
    const organisation = await manager.save(
      manager.create(OrganisationEntity, {
        // Every message carries the organisation's name, so it says nothing of treatment either.
        name: 'Northside Community Health (demo)',
        slug: DEMO_ORGANISATION_SLUG,
        timezone: 'America/Chicago',
      }),
    );
    const passwordHash = await hasher.hash(password);
    const inserted = await manager.insert(StaffUserEntity, [
      { organisationId: organisation.id, email: DEMO_LOGINS.admin, displayName: 'Avery Admin', role: StaffRole.Admin, passwordHash },
      {
        organisationId: organisation.id,
        email: DEMO_LOGINS.coordinator,
        displayName: 'Casey Coordinator',
        role: StaffRole.Coordinator,
        passwordHash,
      },
    ]);
    await populate?.(manager, organisation.id, String(inserted.identifiers[0].id));
    return true;
  });
}
