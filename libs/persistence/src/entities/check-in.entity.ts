import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Channel } from '@continuum/domain';
import { CheckInEnrolmentEntity } from './check-in-enrolment.entity';
import { DeliveryEntity } from './delivery.entity';

export const CheckInStatus = {
  /** Its prompt is waiting to go, or has gone and the answer window is open. */
  Scheduled: 'scheduled',
  Answered: 'answered',
  /** The window closed without an answer. */
  Missed: 'missed',
  /** Re-planned, paused, withdrawn, or its prompt could not be sent; `cancel_reason` says which. */
  Cancelled: 'cancelled',
} as const;
export type CheckInStatus = (typeof CheckInStatus)[keyof typeof CheckInStatus];

/**
 * One check-in of a graduate's plan, materialised at enrolment in their timezone. Re-planning
 * cancels the scheduled ones (and their prompts) and writes new rows, so history stays as it was.
 */
@Entity({ name: 'check_in' })
@Index('uq_check_in_live_sequence', ['enrolmentId', 'sequence'], { unique: true, where: `status <> 'cancelled'` })
@Index('ix_check_in_graduate_due', ['graduateId', 'dueAt'])
@Index('ix_check_in_open', ['dueAt'], { where: `status = 'scheduled'` })
@Index('ix_check_in_delivery', ['deliveryId'], { where: 'delivery_id IS NOT NULL' })
@Index('ix_check_in_graduate_missed', ['graduateId', 'missedAt'], { where: `status = 'missed'` })
@Check('ck_check_in_status', `status IN ('scheduled', 'answered', 'missed', 'cancelled')`)
export class CheckInEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_check_in' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @Column({ name: 'enrolment_id', type: 'uuid' })
  enrolmentId!: string;

  /**
   * One key for the three: the check-in's enrolment, of this graduate, in this organisation. The
   * enrolment holds the graduate (RESTRICT) and the organisation (CASCADE), so the check-in is
   * tied to both through it, with one check per row written instead of three.
   */
  @ManyToOne(() => CheckInEnrolmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'enrolment_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_check_in_enrolment' },
    { name: 'graduate_id', referencedColumnName: 'graduateId' },
    { name: 'organisation_id', referencedColumnName: 'organisationId' },
  ])
  enrolment?: CheckInEnrolmentEntity;

  /** The offset's index in the plan. */
  @Column({ type: 'integer' })
  sequence!: number;

  /** The plan's offset for it (`P7D`, `PT5M`). */
  @Column({ type: 'text' })
  offset!: string;

  /** Null for the quick check-in; else the instrument the form asks (`phq9`, `gad7`, `bam`). */
  @Column({ type: 'text', nullable: true })
  instrument!: string | null;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', default: CheckInStatus.Scheduled })
  status!: CheckInStatus;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** The prompt. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @ManyToOne(() => DeliveryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_check_in_delivery' })
  delivery?: DeliveryEntity | null;

  @Column({ name: 'nudge_delivery_id', type: 'uuid', nullable: true })
  nudgeDeliveryId!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'missed_at', type: 'timestamptz', nullable: true })
  missedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
