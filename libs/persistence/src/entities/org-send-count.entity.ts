import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** Shards per organisation and day: concurrent claims spread their increments over this many rows. */
export const ORG_SEND_COUNT_SHARDS = 16;

/**
 * How many messages an organisation has handed to providers on one UTC day, kept as a few
 * sharded counters so that the daily cap costs one indexed read per claim rather than a count
 * over the day's deliveries, and concurrent claims seldom wait on the same row.
 */
@Entity({ name: 'org_send_count' })
export class OrgSendCountEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid', primaryKeyConstraintName: 'pk_org_send_count' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_org_send_count_organisation' })
  organisation?: OrganisationEntity;

  /** The UTC day. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_org_send_count' })
  day!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_org_send_count' })
  shard!: number;

  @Column({ type: 'integer', default: 0 })
  sent!: number;
}
