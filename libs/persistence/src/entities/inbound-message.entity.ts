import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A text someone sent us, and what became of it. Kept in Postgres only; never logged. */
@Entity({ name: 'inbound_message' })
@Index('uq_inbound_message_provider_id', ['providerId'], { unique: true })
@Index('ix_inbound_message_from', ['fromAddress', 'receivedAt'])
export class InboundMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_inbound_message' })
  id!: string;

  @Column({ name: 'provider_id', type: 'text' })
  providerId!: string;

  /** E.164 */
  @Column({ name: 'from_address', type: 'text' })
  fromAddress!: string;

  @Column({ name: 'to_address', type: 'text', nullable: true })
  toAddress!: string | null;

  @Column({ type: 'text' })
  body!: string;

  /** `stop`, `start`, `help`, or the name of the feature that took the reply (`check-in`), or `unrouted`. */
  @Column({ name: 'handled_as', type: 'text' })
  handledAs!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
