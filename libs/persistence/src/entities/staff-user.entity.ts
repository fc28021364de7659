import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

export const StaffRole = {
  Admin: 'admin',
  Coordinator: 'coordinator',
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

/** A person who signs in: an organisation's admin or one of its alumni coordinators. */
@Entity({ name: 'staff_user' })
@Index('uq_staff_user_email', ['email'], { unique: true })
@Check('ck_staff_user_role', "role IN ('admin', 'coordinator')")
@Check('ck_staff_user_email_lower', 'email = lower(email)')
@Index('ix_staff_user_organisation', ['organisationId'])
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_user' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_staff_user_organisation' })
  organisation?: OrganisationEntity;

  /** Stored lower-cased; sign-in is by email across organisations, so it is unique. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** E.164, for urgent alerts by SMS when this person is on call; optional. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text' })
  role!: StaffRole;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
