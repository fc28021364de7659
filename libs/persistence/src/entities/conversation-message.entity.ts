import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/**
 * One message of a graduate's conversation with their coordinators: a text from them (or a
 * family contact of theirs) that no feature was waiting for, or a coordinator's reply, which went
 * through the delivery engine (`delivery_id`). Bodies are for staff only: never logged.
 */
@Entity({ name: 'conversation_message' })
@Index('ix_conversation_message_graduate_at', ['graduateId', 'createdAt'])
@Check('ck_conversation_message_direction', `direction IN ('in', 'out')`)
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conversation_message' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_conversation_message_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_conversation_message_graduate' })
  graduate?: GraduateEntity;

  /** The family contact who wrote, when it was not the graduate. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ type: 'text' })
  direction!: 'in' | 'out';

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'staff_user_id', type: 'uuid', nullable: true })
  staffUserId!: string | null;

  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
