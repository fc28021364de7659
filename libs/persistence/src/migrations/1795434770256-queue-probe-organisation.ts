import { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueProbeOrganisation1795434770256 implements MigrationInterface {
  name = 'QueueProbeOrganisation1795434770256';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "queue_probe" ADD "organisation_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "queue_probe" DROP COLUMN "organisation_id"`);
  }
}
