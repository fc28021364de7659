import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/** A treatment program graduates come from, e.g. "Evening IOP". */
@Entity({ name: 'program' })
@Index('uq_program_organisation_name', ['organisationId', 'name'], { unique: true })
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_program' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_program_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
