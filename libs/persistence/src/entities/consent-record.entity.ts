import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, ConsentDecision, ConsentMethod, ConsentPurpose } from '@continuum/domain';
import { ContactEntity } from './contact.entity';
import { GraduateEntity } from './graduate.entity';

/**
 * One grant or revocation by a graduate, for one recipient (themself or one of their contacts),
 * one channel and one purpose. Append-only (a trigger refuses UPDATE and DELETE); the latest
 * record, by `seq`, decides. Its graduate and contact cannot be deleted while it exists: contacts
 * are archived instead, and the history stays.
 */
@Entity({ name: 'consent_record' })
@Index('ix_consent_record_latest', ['organisationId', 'graduateId', 'contactId', 'channel', 'purpose', 'seq'])
@Check('ck_consent_record_channel', `channel IN ('sms', 'email')`)
@Check('ck_consent_record_purpose', `purpose IN ('check_ins', 'meeting_invites', 'family_session_notices')`)
@Check('ck_consent_record_decision', `decision IN ('granted', 'revoked')`)
@Check('ck_consent_record_method', `method IN ('form', 'verbal', 'written', 'sms_keyword', 'unsubscribe_link', 'staff_action')`)
@Check('ck_consent_record_grant_text', `decision = 'revoked' OR shown_text IS NOT NULL`)
@Check('ck_consent_record_contact_grant', `decision = 'revoked' OR contact_id IS NULL OR (expires_at IS NOT NULL AND description IS NOT NULL)`)
export class ConsentRecordEntity {
  /** Total order of records: the latest wins even when two share a timestamp. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_consent_record' })
  seq!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_consent_record_graduate' })
  graduate?: GraduateEntity;

  /** Null when the recipient is the graduate themself. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_consent_record_contact' })
  contact?: ContactEntity | null;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  purpose!: ConsentPurpose;

  @Column({ type: 'text' })
  decision!: ConsentDecision;

  @Column({ type: 'text' })
  method!: ConsentMethod;

  /** What may be shared with the recipient (42 CFR §2.31(a)(3)). */
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The words the graduate saw or heard when agreeing. */
  @Column({ name: 'shown_text', type: 'text', nullable: true })
  shownText!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The staff member who recorded it; null when the graduate acted (keyword, link, form). */
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt!: Date;
}
