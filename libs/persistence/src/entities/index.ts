import { AuditEventEntity } from './audit-event.entity';
import { ConsentRecordEntity } from './consent-record.entity';
import { ContactEntity } from './contact.entity';
import { GraduateEntity } from './graduate.entity';
import { LinkTokenEntity } from './link-token.entity';
import { OrganisationEntity } from './organisation.entity';
import { ProgramEntity } from './program.entity';
import { QueueProbeEntity } from './queue-probe.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { StaffUserEntity } from './staff-user.entity';

export { AuditEventEntity, type AuditDetail } from './audit-event.entity';
export { ConsentRecordEntity } from './consent-record.entity';
export { ContactEntity } from './contact.entity';
export { GraduateEntity } from './graduate.entity';
export { LinkTokenEntity } from './link-token.entity';
export { OrganisationEntity } from './organisation.entity';
export { ProgramEntity } from './program.entity';
export { QueueProbeEntity, QueueProbeStatus } from './queue-probe.entity';
export { RefreshTokenEntity } from './refresh-token.entity';
export { StaffRole, StaffUserEntity } from './staff-user.entity';

/** Every entity, listed explicitly: no globs, so bundles and tests see the same set. */
export const ENTITIES = [
  OrganisationEntity,
  StaffUserEntity,
  RefreshTokenEntity,
  ProgramEntity,
  GraduateEntity,
  ContactEntity,
  ConsentRecordEntity,
  LinkTokenEntity,
  AuditEventEntity,
  QueueProbeEntity,
];
