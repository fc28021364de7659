import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Field names, filter names, ids: small facts about an access, never a record's contents. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

/**
 * Who read or changed which record, when and from where. Append-only: a trigger in the migration
 * refuses UPDATE and DELETE. Holds field names, never field values, so it copies no PHI.
 */
@Entity({ name: 'audit_event' })
@Index('ix_audit_event_org_at', ['organisationId', 'occurredAt'])
@Index('ix_audit_event_org_subject', ['organisationId', 'subjectId', 'occurredAt'])
@Index('ix_audit_event_org_actor', ['organisationId', 'actorId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_event' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  /** e.g. `graduate.read`, `graduate.update`, `graduate.list`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Names of the fields changed (never their values), or the filters of a list. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: AuditDetail;

  @Column({ name: 'ip', type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
