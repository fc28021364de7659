import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Channel, GraduateStatus, Language } from '@continuum/domain';
import { OrganisationEntity } from './organisation.entity';
import { ProgramEntity } from './program.entity';
import { StaffUserEntity } from './staff-user.entity';

/** Someone who finished an IOP and whom the program keeps in touch with. */
@Entity({ name: 'graduate' })
@Index('uq_graduate_external_id', ['organisationId', 'externalId'], { unique: true, where: '"external_id" IS NOT NULL' })
@Index('ix_graduate_org_status', ['organisationId', 'status'])
@Index('ix_graduate_org_program', ['organisationId', 'programId'])
@Index('ix_graduate_org_discharge', ['organisationId', 'dischargeDate'])
@Index('ix_graduate_org_sort_name', ['organisationId', 'sortName'])
// Expression and ordering indexes live in migrations only (TypeORM cannot describe them):
// ix_graduate_org_first_name, ix_graduate_org_preferred_name, ix_graduate_org_sort_order.
@Index('ix_graduate_org_first_name', { synchronize: false })
@Index('ix_graduate_org_preferred_name', { synchronize: false })
@Index('ix_graduate_org_sort_order', { synchronize: false })
@Check('ck_graduate_status', `status IN ('active', 'paused', 'completed', 'withdrawn')`)
@Check('ck_graduate_language', `language IN ('en', 'es')`)
@Check('ck_graduate_dates', 'discharge_date IS NULL OR admission_date IS NULL OR discharge_date >= admission_date')
export class GraduateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_graduate' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_graduate_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'program_id', type: 'uuid', nullable: true })
  programId!: string | null;

  @ManyToOne(() => ProgramEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'fk_graduate_program' })
  program?: ProgramEntity | null;

  /** The coordinator who owns this graduate's alerts; null sends them to the on-call coordinator. */
  @Column({ name: 'coordinator_id', type: 'uuid', nullable: true })
  coordinatorId!: string | null;

  @ManyToOne(() => StaffUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'coordinator_id', foreignKeyConstraintName: 'fk_graduate_coordinator' })
  coordinator?: StaffUserEntity | null;

  /** The id in the program's EHR or spreadsheet; re-imports match on it. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'preferred_name', type: 'text', nullable: true })
  preferredName!: string | null;

  /** lower(last_name || ' ' || first_name), kept by the service for sorting and prefix search. */
  @Column({ name: 'sort_name', type: 'text' })
  sortName!: string;

  @Column({ name: 'admission_date', type: 'date', nullable: true })
  admissionDate!: string | null;

  @Column({ name: 'discharge_date', type: 'date', nullable: true })
  dischargeDate!: string | null;

  @Column({ type: 'text' })
  timezone!: string;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'preferred_channels', type: 'text', array: true, default: () => "'{}'" })
  preferredChannels!: Channel[];

  /** Local `HH:MM`; may wrap midnight (start after end). */
  @Column({ name: 'contact_hours_start', type: 'text', nullable: true })
  contactHoursStart!: string | null;

  @Column({ name: 'contact_hours_end', type: 'text', nullable: true })
  contactHoursEnd!: string | null;

  @Column({ type: 'text', default: 'en' })
  language!: Language;

  @Column({ type: 'text', default: 'active' })
  status!: GraduateStatus;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
