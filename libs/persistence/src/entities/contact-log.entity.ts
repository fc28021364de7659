import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ContactMethod, ContactOutcome } from '@continuum/domain';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';
import { StaffUserEntity } from './staff-user.entity';

/** A coordinator's record of reaching out to a graduate: how, what came of it, and when to try next. */
@Entity({ name: 'contact_log' })
@Index('ix_contact_log_graduate_at', ['graduateId', 'occurredAt'])
@Index('ix_contact_log_next_step', ['organisationId', 'nextStepOn'], { where: 'next_step_on IS NOT NULL' })
@Check('ck_contact_log_method', `method IN ('call', 'text', 'visit', 'voicemail', 'email')`)
@Check('ck_contact_log_outcome', `outcome IN ('reached', 'left_message', 'no_answer', 'wrong_number')`)
export class ContactLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contact_log' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_contact_log_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_contact_log_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId!: string;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'fk_contact_log_staff_user' })
  staffUser?: StaffUserEntity;

  @Column({ type: 'text' })
  method!: ContactMethod;

  @Column({ type: 'text' })
  outcome!: ContactOutcome;

  /** Free text for staff: never logged, never in an event. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The day the graduate comes back on the coordinator's worklist. */
  @Column({ name: 'next_step_on', type: 'date', nullable: true })
  nextStepOn!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
