import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language, Relationship } from '@continuum/domain';
import { GraduateEntity } from './graduate.entity';
import { OrganisationEntity } from './organisation.entity';

/** A family member or support contact of a graduate; reached only under the graduate's consent. */
@Entity({ name: 'contact' })
@Index('ix_contact_org_graduate', ['organisationId', 'graduateId'])
@Index('uq_contact_external_id', ['organisationId', 'externalId'], { unique: true, where: '"external_id" IS NOT NULL' })
@Check('ck_contact_language', `language IN ('en', 'es')`)
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contact' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_contact_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'graduate_id', type: 'uuid' })
  graduateId!: string;

  @ManyToOne(() => GraduateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'graduate_id', foreignKeyConstraintName: 'fk_contact_graduate' })
  graduate?: GraduateEntity;

  /** The id in the program's spreadsheet; contact re-imports match on it. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  relationship!: Relationship;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', default: 'en' })
  language!: Language;

  @Column({ type: 'text' })
  timezone!: string;

  /** Set when staff remove the contact; the row stays because consent history refers to it. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
