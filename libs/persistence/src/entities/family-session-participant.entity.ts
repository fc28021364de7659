import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { FamilySessionEntity } from './family-session.entity';
import type { Attendance } from './meeting-invitation.entity';
import { OrganisationEntity } from './organisation.entity';

/** A family contact invited to a family session: their notices, attendance and feedback. */
@Entity({ name: 'family_session_participant' })
@Index('uq_family_session_participant', ['sessionId', 'contactId'], { unique: true })
@Index('ix_family_session_participant_contact', ['contactId'])
@Check('ck_family_session_participant_attendance', `attendance IS NULL OR attendance IN ('attended', 'no_show')`)
@Check('ck_family_session_participant_rating', `rating IS NULL OR rating BETWEEN 1 AND 5`)
export class FamilySessionParticipantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_session_participant' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_family_session_participant_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => FamilySessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_family_session_participant_session' })
  session?: FamilySessionEntity;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_family_session_participant_contact' })
  contact?: ContactEntity;

  /** The channel their notices use: one they can be reached on and consented to. */
  @Column({ type: 'text' })
  channel!: 'sms' | 'email';

  /** Taken off the session (they get the cancellation notice, then nothing more). */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  attendance!: Attendance | null;

  @Column({ name: 'attendance_at', type: 'timestamptz', nullable: true })
  attendanceAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  rating!: number | null;

  /** Free text from the feedback page: kept for staff, never logged or put in an event. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  /** Bumped whenever its messages are re-planned (a reschedule), for fresh idempotency keys. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
