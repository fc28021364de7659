import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode, NotFoundError } from '@continuum/domain';
import { ProgramEntity } from '@continuum/persistence';

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
    try {
      return toView(await this.programs.save(this.programs.create({ organisationId, name: name.trim() })));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new DomainError(DomainErrorCode.Conflict, 'A program with this name exists', [
          { field: 'name', reason: 'is already used by another program' },
        ]);
      }
      throw error;
    }
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
