import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CheckInEntity } from './check-in.entity';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/**
 * What a graduate answered, by SMS reply or through the form. Free text and item responses are
 * health information: they are kept here, shown to staff of the organisation, and never logged.
 */
@Entity({ name: 'check_in_answer' })
@Index('uq_check_in_answer_check_in', ['checkInId'], { unique: true })
@Index('ix_check_in_answer_graduate_instrument', ['graduateId', 'instrument', 'answeredAt'])
@Check('ck_check_in_answer_source', `source IN ('sms', 'form')`)
@Check('ck_check_in_answer_mood', 'mood BETWEEN 1 AND 5')
@Check('ck_check_in_answer_craving', 'craving BETWEEN 0 AND 10')
export class CheckInAnswerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_check_in_answer' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_check_in_answer_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_check_in_answer_graduate' })
  graduate?: GraduateEntity;

  @Column({ name: 'check_in_id', type: 'uuid' })
  checkInId!: string;

  @ManyToOne(() => CheckInEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'check_in_id', foreignKeyConstraintName: 'fk_check_in_answer_check_in' })
  checkIn?: CheckInEntity;

  @Column({ type: 'text' })
  source!: 'sms' | 'form';

  @Column({ type: 'smallint', nullable: true })
  mood!: number | null;

  @Column({ type: 'smallint', nullable: true })
  craving!: number | null;

  @Column({ name: 'used_since_last', type: 'boolean', nullable: true })
  usedSinceLast!: boolean | null;

  @Column({ name: 'wants_call', type: 'boolean', nullable: true })
  wantsCall!: boolean | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** The instrument answered instead of the quick questions, with its item responses and score. */
  @Column({ type: 'text', nullable: true })
  instrument!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  responses!: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  score!: Record<string, unknown> | null;

  /** Why this answer went to a coordinator (`crisis_words`, `reported_use`…); empty when it did not. */
  @Column({ name: 'escalation_reasons', type: 'text', array: true, default: () => "'{}'" })
  escalationReasons!: string[];

  @Column({ name: 'shows_need', type: 'boolean', default: false })
  showsNeed!: boolean;

  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' })
  answeredAt!: Date;
}
