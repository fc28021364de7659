import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, ConsentPurpose } from '@continuum/domain';
import { ContactEntity } from './contact.entity';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';
import { StaffUserEntity } from './staff-user.entity';

export const DeliveryStatus = {
  /** Waiting for `send_after`; a job (or the reconciler) will pick it up. */
  Pending: 'pending',
  /** Claimed by a worker that is talking to the provider right now. */
  Submitting: 'submitting',
  /** The provider call timed out, failed with a 5xx or the worker died: it may or may not have gone. */
  Unknown: 'unknown',
  Sent: 'sent',
  Delivered: 'delivered',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** `conversation`: a coordinator's reply inside a conversation the graduate started (see MessagePriority). */
export const DeliveryPriority = { Routine: 'routine', Urgent: 'urgent', Conversation: 'conversation' } as const;
export type DeliveryPriority = (typeof DeliveryPriority)[keyof typeof DeliveryPriority];

/**
 * The outbox: one row per message to send, written in the transaction of whatever caused it.
 * Redis only carries this row's id. `(organisation_id, idempotency_key)` is unique, so a producer
 * that retries creates it once.
 */
@Entity({ name: 'delivery' })
@Check('ck_delivery_recipient', 'graduate_id IS NOT NULL OR staff_user_id IS NOT NULL')
@Index('uq_delivery_idempotency_key', ['organisationId', 'idempotencyKey'], { unique: true })
@Index('ix_delivery_due', ['sendAfter'], { where: `status IN ('pending', 'unknown', 'submitting')` })
@Index('ix_delivery_recipient_sent', ['graduateId', 'contactId', 'channel', 'submittedAt'])
@Index('ix_delivery_org_created', ['organisationId', 'createdAt'])
@Index('ix_delivery_subject', ['subjectId'], { where: `subject_id IS NOT NULL` })
@Index('ix_delivery_provider_id', ['providerId'], { where: '"provider_id" IS NOT NULL' })
@Check('ck_delivery_channel', `channel IN ('sms', 'email')`)
@Check('ck_delivery_priority', `priority IN ('routine', 'urgent', 'conversation')`)
@Check('ck_delivery_status', `status IN ('pending', 'submitting', 'unknown', 'sent', 'delivered', 'failed', 'cancelled')`)
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_delivery' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_delivery_organisation' })
  organisation?: OrganisationEntity;

  /** Who the message is to or about; null only for a message to staff about no one graduate (the daily digest). */
  @Column({ name: 'graduate_id', type: 'uuid', nullable: true })
  graduateId!: string | null;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_delivery_graduate' })
  graduate?: GraduateEntity;

  /** Null when the message is for the graduate; else the family member or support contact. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_delivery_contact' })
  contact?: ContactEntity | null;

  /**
   * Set when the message goes to a staff member (an alert page) rather than to the graduate or a
   * contact; `graduate_id` is then the graduate it is about. Staff need no consent and no quiet hours.
   */
  @Column({ name: 'staff_user_id', type: 'uuid', nullable: true })
  staffUserId!: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'fk_delivery_staff_user' })
  staffUser?: StaffUserEntity | null;

  @Column({ type: 'text' })
  channel!: Channel;

  /** The consent purpose the message needs. */
  @Column({ type: 'text' })
  purpose!: ConsentPurpose;

  /** The message kind, which picks the template. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', default: DeliveryPriority.Routine })
  priority!: DeliveryPriority;

  /**
   * The feature record the message is about (a meeting invitation, a family-session participant),
   * so the feature can cancel what is still waiting when that record changes. Not a foreign key:
   * the delivery engine knows no feature tables.
   */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Unique per occurrence, e.g. `check-in:<plan>:<n>`; producers retry safely on it. */
  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  /** Template variables the producer knows (a meeting's title and time); names come from the recipient at send time. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  variables!: Record<string, string>;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** After this instant the message is pointless (the meeting began): it is cancelled instead. */
  @Column({ name: 'not_after', type: 'timestamptz', nullable: true })
  notAfter!: Date | null;

  /** When the next attempt may run: the due time, moved by quiet hours, caps and retries. */
  @Column({ name: 'send_after', type: 'timestamptz' })
  sendAfter!: Date;

  @Column({ type: 'text', default: DeliveryStatus.Pending })
  status!: DeliveryStatus;

  /** Provider calls made (claims). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Set when an `unknown` delivery was sent again because the provider had no record of it: at most once. */
  @Column({ type: 'boolean', default: false })
  resent!: boolean;

  /** The address used at the last claim (E.164 or email), kept to ask the provider about it later. */
  @Column({ name: 'sent_to', type: 'text', nullable: true })
  sentTo!: string | null;

  /** SHA-256 of the text last handed to the provider, to recognise it in the provider's records. */
  @Column({ name: 'content_digest', type: 'text', nullable: true })
  contentDigest!: string | null;

  @Column({ type: 'text', nullable: true })
  transport!: string | null;

  /** Twilio MessageSid, SMTP Message-ID or outbox id. */
  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId!: string | null;

  @Column({ name: 'provider_status', type: 'text', nullable: true })
  providerStatus!: string | null;

  /** Our reason code or the provider's error code; never a message that could hold an address. */
  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_reason', type: 'text', nullable: true })
  errorReason!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
