import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CheckInPlanEntity } from './check-in-plan.entity';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

export const EnrolmentStatus = { Active: 'active', Paused: 'paused', Withdrawn: 'withdrawn' } as const;
export type EnrolmentStatus = (typeof EnrolmentStatus)[keyof typeof EnrolmentStatus];

/** A graduate on a check-in plan: at most one per graduate, its status deciding whether check-ins go out. */
@Entity({ name: 'check_in_enrolment' })
@Index('uq_check_in_enrolment_graduate', ['graduateId'], { unique: true })
// What each check-in's one foreign key points at (`fk_check_in_enrolment`).
@Index('uq_check_in_enrolment_scope', ['id', 'graduateId', 'organisationId'], { unique: true })
@Index('ix_check_in_enrolment_plan', ['planId'])
@Check('ck_check_in_enrolment_status', `status IN ('active', 'paused', 'withdrawn')`)
export class CheckInEnrolmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_check_in_enrolment' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_check_in_enrolment_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_check_in_enrolment_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @ManyToOne(() => CheckInPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_check_in_enrolment_plan' })
  plan?: CheckInPlanEntity;

  @Column({ type: 'text', default: EnrolmentStatus.Active })
  status!: EnrolmentStatus;

  /** Sub-day (demo) offsets count from here; day offsets count from the discharge date. */
  @Column({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
