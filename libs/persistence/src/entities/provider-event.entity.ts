import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every status callback and inbound message a provider sent us, once: Twilio repeats callbacks
 * and sends them out of order, so `(provider, kind, provider_id, status)` is unique and a repeat
 * changes nothing.
 */
@Entity({ name: 'provider_event' })
@Index('uq_provider_event', ['provider', 'kind', 'providerId', 'status'], { unique: true })
export class ProviderEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_provider_event' })
  id!: string;

  /** `twilio` */
  @Column({ type: 'text' })
  provider!: string;

  /** `status` or `inbound` */
  @Column({ type: 'text' })
  kind!: string;

  /** MessageSid */
  @Column({ name: 'provider_id', type: 'text' })
  providerId!: string;

  /** The reported status, or `received` for inbound messages. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
