import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed link's server side: only the SHA-256 of the token is kept, with the one purpose and
 * subject it was made for, its expiry and whether it has been used up or revoked.
 */
@Entity({ name: 'link_token' })
@Index('uq_link_token_hash', ['tokenHash'], { unique: true })
@Index('ix_link_token_subject', ['organisationId', 'subjectId', 'purpose'])
@Index('ix_link_token_expires', ['expiresAt'])
export class LinkTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_link_token' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** e.g. `consent.form`, `check-in.answer`, `unsubscribe`. */
  @Column({ type: 'text' })
  purpose!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** Small non-personal facts the purpose needs (a delivery id, a channel). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  claims!: Record<string, string>;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'single_use', type: 'boolean', default: true })
  singleUse!: boolean;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
