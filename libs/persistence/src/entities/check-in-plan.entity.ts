import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CheckInPlanDefinition } from '@continuum/domain';
import { OrganisationEntity } from './organisation.entity';
import { ProgramEntity } from './program.entity';

/** A check-in cadence an organisation uses, for one program or (program null) for everyone. */
@Entity({ name: 'check_in_plan' })
@Index('uq_check_in_plan_name', ['organisationId', 'name'], { unique: true })
@Index('ix_check_in_plan_org_program', ['organisationId', 'programId'])
export class CheckInPlanEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_check_in_plan' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_check_in_plan_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'program_id', type: 'uuid', nullable: true })
  programId!: string | null;

  @ManyToOne(() => ProgramEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'fk_check_in_plan_program' })
  program?: ProgramEntity | null;

  @Column({ type: 'text' })
  name!: string;

  /** The protocol template it started from (`post-iop-taper@1`), or null for a custom plan. */
  @Column({ name: 'protocol', type: 'text', nullable: true })
  protocol!: string | null;

  /** Validated by the domain's `planProblems` before it is saved. */
  @Column({ type: 'jsonb' })
  definition!: CheckInPlanDefinition;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
