import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

export const FamilySessionStatus = { Scheduled: 'scheduled', Cancelled: 'cancelled' } as const;
export type FamilySessionStatus = (typeof FamilySessionStatus)[keyof typeof FamilySessionStatus];

/** A family session of one graduate, with the family contacts they consented to have invited. */
@Entity({ name: 'family_session' })
@Index('ix_family_session_graduate_starts', ['graduateId', 'startsAt'])
@Index('ix_family_session_org_starts', ['organisationId', 'startsAt'])
@Index('ix_family_session_no_follow_up', ['endsAt'], { where: `status = 'scheduled' AND follow_up_at IS NULL` })
@Check('ck_family_session_status', `status IN ('scheduled', 'cancelled')`)
export class FamilySessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_session' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_family_session_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_family_session_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** The zone the session is held in; each participant's messages use their own. */
  @Column({ type: 'text' })
  timezone!: string;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ name: 'video_url', type: 'text', nullable: true })
  videoUrl!: string | null;

  /** Staff-facing only; never in a message. */
  @Column({ type: 'text', nullable: true })
  clinician!: string | null;

  @Column({ type: 'text', default: FamilySessionStatus.Scheduled })
  status!: FamilySessionStatus;

  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true })
  followUpAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
