import { type EntityManager, IsNull } from 'typeorm';
import { NotFoundError } from '@continuum/domain';
import { ContactEntity, GraduateEntity } from '@continuum/persistence';

/** A graduate of the organisation, or 404 as if it did not exist. */
export async function findGraduate(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<GraduateEntity> {
  const graduate = await manager.findOne(GraduateEntity, {
    where: { organisationId, id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!graduate) throw new NotFoundError('Graduate');
  return graduate;
}

/** A current (not archived) contact of the organisation, or 404. */
export async function findContact(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<ContactEntity> {
  const contact = await manager.findOne(ContactEntity, {
    where: { organisationId, id, archivedAt: IsNull() },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!contact) throw new NotFoundError('Contact');
  return contact;
}

