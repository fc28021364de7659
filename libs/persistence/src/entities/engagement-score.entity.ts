import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/** One graduate's engagement score as of the end of one UTC day: the daily snapshot the score's history is drawn from. */
@Entity({ name: 'engagement_score' })
@Index('ix_engagement_score_org_day', ['organisationId', 'day'])
export class EngagementScoreEntity {
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_engagement_score_organisation' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => GraduateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_engagement_score_graduate' })
  graduate?: GraduateEntity;

  @PrimaryColumn({ name: 'graduate_id', type: 'uuid', primaryKeyConstraintName: 'pk_engagement_score' })
  graduateId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_engagement_score' })
  day!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'double precision' })
  score!: number;

  /** The graduate's last touchpoint of their own up to that day, if any. */
  @Column({ name: 'last_touch_at', type: 'timestamptz', nullable: true })
  lastTouchAt!: Date | null;
}
