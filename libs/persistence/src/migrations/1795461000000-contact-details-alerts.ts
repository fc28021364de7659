import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts of a new kind: a phone number that texts cannot reach. (TypeORM does not diff CHECK constraints.) */
export class ContactDetailsAlerts1795461000000 implements MigrationInterface {
  name = 'ContactDetailsAlerts1795461000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "ck_alert_kind"`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "ck_alert_kind" CHECK (kind IN ('escalation', 'linkage', 'no_answer', 'missed_twice', 'at_risk', 'contact_details'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "ck_alert_kind"`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "ck_alert_kind" CHECK (kind IN ('escalation', 'linkage', 'no_answer', 'missed_twice', 'at_risk'))`);
  }
}
