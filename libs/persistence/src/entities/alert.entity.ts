import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CheckInEntity } from './check-in.entity';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';
import { StaffUserEntity } from './staff-user.entity';

export const AlertKind = {
  /** An answer that must reach a coordinator now (crisis words, use, craving, mood 1, asked for a call). */
  Escalation: 'escalation',
  /** An answer that showed need on an adaptive plan: link the graduate back to care. */
  Linkage: 'linkage',
  /** No answer on a plan where silence is a request for contact. */
  NoAnswer: 'no_answer',
  /** Two check-ins in a row without an answer. */
  MissedTwice: 'missed_twice',
  /** An at-risk flag of the nightly engagement rollup (its reasons say which rule). */
  AtRisk: 'at_risk',
  /** A text failed because of the number (a landline, invalid, unreachable): the contact details need a look. */
  ContactDetails: 'contact_details',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

export const AlertStatus = { Open: 'open', Acknowledged: 'acknowledged', Resolved: 'resolved' } as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

/** Work for a coordinator about one graduate. Notes live in `alert_note`. */
@Entity({ name: 'alert' })
@Index('ix_alert_org_status_created', ['organisationId', 'status', 'createdAt'])
@Index('ix_alert_graduate_created', ['graduateId', 'createdAt'])
@Index('uq_alert_dedupe', ['organisationId', 'dedupeKey'], { unique: true })
@Check('ck_alert_kind', `kind IN ('escalation', 'linkage', 'no_answer', 'missed_twice', 'at_risk', 'contact_details')`)
@Check('ck_alert_status', `status IN ('open', 'acknowledged', 'resolved')`)
@Check('ck_alert_urgency', `urgency IN ('urgent', 'routine')`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_alert' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_alert_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_alert_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'check_in_id', type: 'uuid', nullable: true })
  checkInId!: string | null;

  @ManyToOne(() => CheckInEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'check_in_id', foreignKeyConstraintName: 'fk_alert_check_in' })
  checkIn?: CheckInEntity | null;

  @Column({ type: 'text' })
  kind!: AlertKind;

  @Column({ type: 'text' })
  urgency!: 'urgent' | 'routine';

  /** e.g. `crisis_words`, `reported_use`: codes, never the words of the answer. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  reasons!: string[];

  /** One alert per cause (`escalation:<check-in>`), so a repeated answer or tick raises it once. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ type: 'text', default: AlertStatus.Open })
  status!: AlertStatus;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_alert_owner' })
  owner?: StaffUserEntity | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
