import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, Language } from '@continuum/domain';

/** An organisation's own wording for a message kind, channel and language; defaults live in code. */
@Entity({ name: 'message_template' })
@Index('uq_message_template', ['organisationId', 'kind', 'channel', 'language'], { unique: true })
export class MessageTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_message_template' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  language!: Language;

  /** Email only. */
  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  body!: string;

  /**
   * The organisation recorded that recipients of this template opted into plainer wording, so the
   * lock-screen word check is waived for it.
   */
  @Column({ name: 'allow_plain_wording', type: 'boolean', default: false })
  allowPlainWording!: boolean;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
