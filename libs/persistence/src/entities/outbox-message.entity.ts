import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from '@continuum/domain';

/**
 * What the local outbox transport "sent": the default when no Twilio or SMTP credentials are
 * configured, so a newcomer sees every message that would have gone out, and nothing leaves.
 */
@Entity({ name: 'outbox_message' })
@Index('uq_outbox_message_delivery', ['deliveryId'], { unique: true })
@Index('ix_outbox_message_org_created', ['organisationId', 'createdAt'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_outbox_message' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  /** An email's calendar invitation (iCalendar text), as a calendar client would receive it. */
  @Column({ type: 'text', nullable: true })
  calendar!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
