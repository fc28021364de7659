import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ACTIVE_KINDS, type EngagementKind } from '@continuum/domain';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/** Small facts about a touchpoint: ids, codes, scores. Never a message body, address or free text. */
export type EngagementPayload = Record<string, string | number | boolean | null>;

/**
 * One row per touchpoint with a graduate: a message sent, delivered or failed, an opt-out, a
 * check-in answered or missed, an alert. Append-only (a trigger refuses UPDATE and DELETE); the
 * engagement scores, flags and reports are read from it.
 */
@Entity({ name: 'engagement_event' })
@Index('ix_engagement_event_graduate_at', ['graduateId', 'occurredAt'])
@Index('ix_engagement_event_org_kind_at', ['organisationId', 'kind', 'occurredAt'])
@Index('ix_engagement_event_org_at', ['organisationId', 'occurredAt'])
// A graduate's own touchpoints, newest first: the worklist's and the follow-up's "last touch" read only these.
@Index('ix_engagement_event_graduate_active_at', ['graduateId', 'occurredAt'], { where: `kind IN (${ACTIVE_KINDS.map((k) => `'${k}'`).join(', ')})` })
export class EngagementEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_engagement_event' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_engagement_event_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_engagement_event_graduate' })
  graduate?: GraduateEntity;

  @Column({ type: 'text' })
  kind!: EngagementKind;

  /** The record the event is about (a delivery, a check-in, an alert), when there is one. */
  @Column({ name: 'ref_id', type: 'uuid', nullable: true })
  refId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: EngagementPayload;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
