import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/** An at-risk rule holding for a graduate, from when it was first seen until it stopped holding. */
@Entity({ name: 'engagement_flag' })
@Index('uq_engagement_flag_active', ['graduateId', 'rule'], { unique: true, where: 'cleared_at IS NULL' })
@Index('ix_engagement_flag_org_raised', ['organisationId', 'raisedAt'])
export class EngagementFlagEntity {
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_engagement_flag_organisation' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => GraduateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_engagement_flag_graduate' })
  graduate?: GraduateEntity;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_engagement_flag' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;

  /** The coordinator alert it raised. */
  @Column({ name: 'alert_id', type: 'uuid', nullable: true })
  alertId!: string | null;
}
