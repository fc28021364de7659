import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, NotFoundError } from '@continuum/domain';
import { conflictOnUnique, ProgramEntity } from '@continuum/persistence';

export interface ProgramView {
  id: string;
  name: string;
  createdAt: string;
}

const toView = (p: ProgramEntity): ProgramView => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString() });

@Injectable()
export class ProgramsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get programs() {
    return this.dataSource.getRepository(ProgramEntity);
  }

  async create(organisationId: string, name: string): Promise<ProgramView> {
    const saved = await conflictOnUnique(() => this.programs.save(this.programs.create({ organisationId, name: name.trim() })), {
      constraint: 'uq_program_organisation_name',
      field: 'name',
      message: 'A program with this name exists',
      reason: 'is already used by another program',
    });
    return toView(saved);
  }

  async list(organisationId: string): Promise<ProgramView[]> {
    return (await this.programs.find({ where: { organisationId }, order: { name: 'ASC' } })).map(toView);
  }

  /** Throws NotFound for another organisation's program, as if it did not exist. */
  async assertExists(organisationId: string, programId: string): Promise<void> {
    if (!(await this.programs.existsBy({ organisationId, id: programId }))) {
      throw new DomainError(DomainErrorCode.Invalid, 'Unknown program', [{ field: 'programId', reason: 'is not a program of this organisation' }]);
    }
  }

  async get(organisationId: string, id: string): Promise<ProgramView> {
    const program = await this.programs.findOneBy({ organisationId, id });
    if (!program) throw new NotFoundError('Program');
    return toView(program);
  }
}
