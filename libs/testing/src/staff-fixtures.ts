import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '@continuum/identity';
import { OrganisationEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';

export interface StaffFixture {
  organisationId: string;
  userId: string;
  email: string;
  password: string;
  role: StaffRole;
}

const hasher = new PasswordHasher();

/** A fresh organisation with a unique slug. */
export async function createOrganisation(dataSource: DataSource, name = 'Test Program'): Promise<OrganisationEntity> {
  const repo = dataSource.getRepository(OrganisationEntity);
  return repo.save(repo.create({ name, slug: `t-${randomBytes(5).toString('hex')}`, timezone: 'America/New_York' }));
}

/** A staff user (admin by default) with a known password, in the given or a new organisation. */
export async function createStaff(
  dataSource: DataSource,
  options: { organisationId?: string; role?: StaffRole; password?: string } = {},
): Promise<StaffFixture> {
  const organisationId = options.organisationId ?? (await createOrganisation(dataSource)).id;
  const password = options.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const role = options.role ?? StaffRole.Admin;
  const email = `${role}-${randomBytes(5).toString('hex')}@example.test`;
  const user = await dataSource.getRepository(StaffUserEntity).save({
    organisationId,
    email,
    displayName: `Test ${role}`,
    role,
    passwordHash: await hasher.hash(password),
  });
  return { organisationId, userId: user.id, email, password, role };
}
