import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/**
 * Events per organisation, UTC day, program, discharge month (the cohort) and kind: what the
 * rate reports sum over a date range instead of reading the event table. Rebuilt per day by the
 * nightly rollup; a graduate counts in their program and cohort as of that rollup.
 */
@Entity({ name: 'engagement_rollup' })
@Index('ix_engagement_rollup_org_day', ['organisationId', 'day'])
export class EngagementRollupEntity {
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_engagement_rollup_organisation' })
  organisation?: OrganisationEntity;

  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_engagement_rollup' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ name: 'program_id', type: 'uuid', nullable: true })
  programId!: string | null;

  /** The first day of the graduate's discharge month. */
  @Column({ name: 'cohort_month', type: 'date', nullable: true })
  cohortMonth!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'integer' })
  events!: number;

  /** Distinct graduates with an event of this kind that day in this group. */
  @Column({ type: 'integer' })
  graduates!: number;
}

/** Which organisation-days the rollup has done. */
@Entity({ name: 'engagement_rollup_run' })
export class EngagementRollupRunEntity {
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_engagement_rollup_run_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'organisation_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_engagement_rollup_run' })
  organisationId!: string;

  @Column({ type: 'date', primary: true, primaryKeyConstraintName: 'pk_engagement_rollup_run' })
  day!: string;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;
}

/**
 * Whether a graduate was still engaged (a touchpoint of their own in the 30 days up to it) at 30,
 * 60, 90, 180 and 365 days after discharge; null until that day has passed. Final once set.
 */
@Entity({ name: 'graduate_retention' })
export class GraduateRetentionEntity {
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_graduate_retention_organisation' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => GraduateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_graduate_retention_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'graduate_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_graduate_retention' })
  graduateId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'boolean', nullable: true })
  d30!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  d60!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  d90!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  d180!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  d365!: boolean | null;
}
