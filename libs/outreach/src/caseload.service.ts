import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, type ErrorDetail } from '@continuum/domain';
import { type Actor, AuditService } from '@continuum/people';

export const MAX_REASSIGN = 2_000;

/** Caseloads: which coordinator each graduate belongs to, changed for many graduates at once. */
@Injectable()
export class CaseloadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Gives the graduates (all of this organisation) to a coordinator, or to no one (null). All or nothing. */
  async assign(actor: Actor, coordinatorId: string | null, graduateIds: string[]): Promise<{ assigned: number }> {
    return this.dataSource.transaction(async (manager) => {
      const problems: ErrorDetail[] = [];
      if (coordinatorId) {
        const staff: unknown[] = await manager.query(`SELECT 1 FROM staff_user WHERE id = $1 AND organisation_id = $2 AND disabled_at IS NULL`, [coordinatorId, actor.organisationId]);
        if (staff.length === 0) problems.push({ field: 'coordinatorId', reason: 'is not an enabled staff member of this organisation' });
      }
      const found: { id: string }[] = await manager.query(`SELECT id FROM graduate WHERE organisation_id = $1 AND id = ANY($2::uuid[])`, [actor.organisationId, graduateIds]);
      const known = new Set(found.map((f) => f.id));
      graduateIds.forEach((id, i) => {
        if (!known.has(id)) problems.push({ field: `graduateIds.${i}`, reason: 'is not a graduate of this organisation' });
      });
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Caseload not changed', problems);
      const [, assigned]: [unknown[], number] = await manager.query(
        `UPDATE graduate SET coordinator_id = $3, updated_at = now() WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND coordinator_id IS DISTINCT FROM $3`,
        [actor.organisationId, graduateIds, coordinatorId],
      );
      await this.audit.record(actor, 'caseload.assign', { type: 'staff', id: coordinatorId }, { count: graduateIds.length }, manager);
      return { assigned };
    });
  }
}
