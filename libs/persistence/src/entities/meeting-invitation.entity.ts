import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { MeetingOccurrenceEntity } from './meeting-occurrence.entity';
import { OrganisationEntity } from './organisation.entity';

export const Rsvp = { None: 'none', Yes: 'yes', No: 'no', Waitlisted: 'waitlisted' } as const;
export type Rsvp = (typeof Rsvp)[keyof typeof Rsvp];
export const Attendance = { Attended: 'attended', NoShow: 'no_show' } as const;
export type Attendance = (typeof Attendance)[keyof typeof Attendance];

/**
 * One graduate's place in one occurrence: invitation, answer, attendance and rating. Only staff
 * ever see these rows side by side; a graduate sees their own.
 */
@Entity({ name: 'meeting_invitation' })
@Index('uq_meeting_invitation', ['occurrenceId', 'graduateId'], { unique: true })
@Index('ix_meeting_invitation_graduate', ['graduateId', 'createdAt'])
@Index('ix_meeting_invitation_waitlist', ['occurrenceId', 'waitlistedAt'], { where: `rsvp = 'waitlisted'` })
@Check('ck_meeting_invitation_rsvp', `rsvp IN ('none', 'yes', 'no', 'waitlisted')`)
@Check('ck_meeting_invitation_attendance', `attendance IS NULL OR attendance IN ('attended', 'no_show')`)
@Check('ck_meeting_invitation_rating', `rating IS NULL OR rating BETWEEN 1 AND 5`)
export class MeetingInvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_meeting_invitation' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_meeting_invitation_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'occurrence_id', type: 'uuid' })
  occurrenceId!: string;

  @ManyToOne(() => MeetingOccurrenceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'occurrence_id', foreignKeyConstraintName: 'fk_meeting_invitation_occurrence' })
  occurrence?: MeetingOccurrenceEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_meeting_invitation_graduate' })
  graduate?: GraduateEntity;

  /** The channel the invitation went by; null for a walk-in marked present by staff. */
  @Column({ type: 'text', nullable: true })
  channel!: 'sms' | 'email' | null;

  @Column({ type: 'text', default: Rsvp.None })
  rsvp!: Rsvp;

  @Column({ name: 'rsvp_at', type: 'timestamptz', nullable: true })
  rsvpAt!: Date | null;

  /** `sms`, `link` or `staff`. */
  @Column({ name: 'rsvp_source', type: 'text', nullable: true })
  rsvpSource!: string | null;

  @Column({ name: 'waitlisted_at', type: 'timestamptz', nullable: true })
  waitlistedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  attendance!: Attendance | null;

  @Column({ name: 'attendance_at', type: 'timestamptz', nullable: true })
  attendanceAt!: Date | null;

  /** `staff` (the roster) or `code` (the attendee checked in). */
  @Column({ name: 'attendance_source', type: 'text', nullable: true })
  attendanceSource!: string | null;

  @Column({ type: 'integer', nullable: true })
  rating!: number | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  /** Bumped whenever its reminders are re-planned, so the new ones get new idempotency keys. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
