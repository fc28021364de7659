import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** Who a series invites. Evaluated when each occurrence's invitations go out, not when the series is made. */
export type MeetingAudience =
  | { type: 'all' }
  | { type: 'program'; programId: string }
  /** Graduates discharged in [from, to] (dates, inclusive; either end may be open). */
  | { type: 'cohort'; dischargedFrom: string | null; dischargedTo: string | null; programId?: string | null }
  | { type: 'list'; graduateIds: string[] };

export const MeetingSeriesStatus = { Active: 'active', Cancelled: 'cancelled' } as const;
export type MeetingSeriesStatus = (typeof MeetingSeriesStatus)[keyof typeof MeetingSeriesStatus];

/**
 * A recurring alumni meeting: its rule (an RFC 5545 RRULE over a local start time in its own
 * zone), place, capacity, audience and messaging schedule. Occurrences are materialised from it
 * some months ahead; each one is invited, reminded and attended on its own.
 */
@Entity({ name: 'meeting_series' })
@Index('ix_meeting_series_org', ['organisationId', 'createdAt'])
@Check('ck_meeting_series_status', `status IN ('active', 'cancelled')`)
export class MeetingSeriesEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_meeting_series' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_meeting_series_organisation' })
  organisation?: OrganisationEntity;

  /** Staff-facing; default messages never show it (a title may name the group's purpose). */
  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** First occurrence as local wall time in `timezone`: `YYYY-MM-DDTHH:mm`. */
  @Column({ name: 'starts_local', type: 'text' })
  startsLocal!: string;

  @Column({ type: 'text' })
  timezone!: string;

  /** RRULE body without DTSTART; null for a one-off meeting. */
  @Column({ type: 'text', nullable: true })
  rrule!: string | null;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes!: number;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ name: 'video_url', type: 'text', nullable: true })
  videoUrl!: string | null;

  /** Places per occurrence; null = no limit. Beyond it, a yes joins the waitlist. */
  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'jsonb' })
  audience!: MeetingAudience;

  /** How long before each occurrence its invitations go out (ISO 8601 duration). */
  @Column({ name: 'invite_lead', type: 'text', default: 'P7D' })
  inviteLead!: string;

  /** Reminders before each occurrence (ISO 8601 durations), to those who said yes. */
  @Column({ name: 'reminder_offsets', type: 'text', array: true, default: () => `'{PT24H,PT1H}'` })
  reminderOffsets!: string[];

  /** Also remind those who have not answered. */
  @Column({ name: 'remind_no_reply', type: 'boolean', default: false })
  remindNoReply!: boolean;

  @Column({ type: 'text', default: MeetingSeriesStatus.Active })
  status!: MeetingSeriesStatus;

  /** Occurrences exist up to here; the meeting sweep extends it. */
  @Column({ name: 'materialised_until', type: 'timestamptz', nullable: true })
  materialisedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
