import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A treatment program's tenant. Every other record belongs to exactly one organisation. */
@Entity({ name: 'organisation' })
@Index('uq_organisation_slug', ['slug'], { unique: true })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organisation' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Short, stable, URL-safe name (e.g. `demo`). */
  @Column({ type: 'text' })
  slug!: string;

  /** IANA timezone used where a person has none of their own. */
  @Column({ type: 'text', default: 'America/New_York' })
  timezone!: string;

  /** The phone number a HELP reply gives; the organisation's front desk, not a clinician's line. */
  @Column({ name: 'help_phone', type: 'text', nullable: true })
  helpPhone!: string | null;

  /**
   * The coordinator paged (SMS and email) for every urgent alert, whoever owns it. A plain id, not
   * a relation: the staff table already refers to the organisation.
   */
  @Column({ name: 'on_call_staff_id', type: 'uuid', nullable: true })
  onCallStaffId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
