import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** Who a broadcast goes to; every filter narrows, none means every active graduate. */
export interface BroadcastSegment {
  programId?: string | null;
  /** Cohort by discharge window (dates, inclusive). */
  dischargedFrom?: string | null;
  dischargedTo?: string | null;
  status?: 'active' | 'paused' | 'completed' | 'withdrawn';
  risk?: 'at_risk' | 'urgent' | null;
  /** By the latest daily engagement score, inclusive. */
  scoreMin?: number | null;
  scoreMax?: number | null;
  /** Attended a meeting on or after this date. */
  attendedSince?: string | null;
}

export const BroadcastStatus = { Draft: 'draft', Scheduled: 'scheduled', Cancelled: 'cancelled' } as const;
export type BroadcastStatus = (typeof BroadcastStatus)[keyof typeof BroadcastStatus];

/**
 * One message a coordinator sends to a segment of alumni. A draft shows its recipient count and
 * preview; sending writes one delivery per recipient (`delivery.subject_id` = the broadcast), so
 * cancelling stops whatever has not gone yet and the report counts from the deliveries.
 */
@Entity({ name: 'broadcast' })
@Index('ix_broadcast_org_created', ['organisationId', 'createdAt'])
@Check('ck_broadcast_status', `status IN ('draft', 'scheduled', 'cancelled')`)
export class BroadcastEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_broadcast' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_broadcast_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The message in each language: `en` always, `es` for Spanish speakers when written (else they get `en`). */
  @Column({ type: 'jsonb' })
  bodies!: { en: string; es?: string | null };

  @Column({ type: 'jsonb' })
  segment!: BroadcastSegment;

  @Column({ type: 'text', default: BroadcastStatus.Draft })
  status!: BroadcastStatus;

  @Column({ name: 'send_at', type: 'timestamptz', nullable: true })
  sendAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  recipients!: number | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
