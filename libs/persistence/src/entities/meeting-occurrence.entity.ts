import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MeetingSeriesEntity } from './meeting-series.entity';
import { OrganisationEntity } from './organisation.entity';

export const OccurrenceStatus = { Scheduled: 'scheduled', Cancelled: 'cancelled' } as const;
export type OccurrenceStatus = (typeof OccurrenceStatus)[keyof typeof OccurrenceStatus];

/**
 * One meeting of a series. `slot` is the instant the rule gave it and names it for good (moving
 * it changes `starts_at`, not `slot`, so re-materialising never makes it twice). `sequence`
 * counts its changes, as the calendar invitations' SEQUENCE does.
 */
@Entity({ name: 'meeting_occurrence' })
@Index('uq_meeting_occurrence_slot', ['seriesId', 'slot'], { unique: true })
@Index('uq_meeting_occurrence_code', ['organisationId', 'checkInCode'], { unique: true })
@Index('ix_meeting_occurrence_org_starts', ['organisationId', 'startsAt'])
@Index('ix_meeting_occurrence_uninvited', ['startsAt'], { where: `status = 'scheduled' AND invited_at IS NULL` })
@Index('ix_meeting_occurrence_no_feedback', ['endsAt'], { where: `status = 'scheduled' AND feedback_requested_at IS NULL` })
@Check('ck_meeting_occurrence_status', `status IN ('scheduled', 'cancelled')`)
export class MeetingOccurrenceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_meeting_occurrence' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_meeting_occurrence_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'series_id', type: 'uuid' })
  seriesId!: string;

  @ManyToOne(() => MeetingSeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_meeting_occurrence_series' })
  series?: MeetingSeriesEntity;

  @Column({ type: 'timestamptz' })
  slot!: Date;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** This occurrence's own place, when it differs from the series'. */
  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ name: 'video_url', type: 'text', nullable: true })
  videoUrl!: string | null;

  @Column({ type: 'text', default: OccurrenceStatus.Scheduled })
  status!: OccurrenceStatus;

  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  /** Shown in the room: attendees text it (or type it on their invitation page) to check in. */
  @Column({ name: 'check_in_code', type: 'text' })
  checkInCode!: string;

  /** When its invitations were written; null until then. */
  @Column({ name: 'invited_at', type: 'timestamptz', nullable: true })
  invitedAt!: Date | null;

  @Column({ name: 'feedback_requested_at', type: 'timestamptz', nullable: true })
  feedbackRequestedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
