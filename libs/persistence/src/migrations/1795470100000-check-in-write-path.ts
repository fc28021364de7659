import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer checks per check-in written (an enrolment of 10,000 graduates writes 190,000):
 * - its organisation, graduate and enrolment keys become one key on (enrolment, graduate,
 *   organisation): the enrolment already holds the graduate (RESTRICT) and the organisation
 *   (CASCADE), and the one key also makes the three agree;
 * - `ix_check_in_delivery` leaves out check-ins whose prompt is not written yet (most of a plan),
 *   which no lookup by prompt can find anyway.
 */
export class CheckInWritePath1795470100000 implements MigrationInterface {
  name = 'CheckInWritePath1795470100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_check_in_enrolment_scope" ON "check_in_enrolment" ("id", "graduate_id", "organisation_id") `);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_enrolment"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_graduate"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_organisation"`);
    await queryRunner.query(
      `ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_enrolment" FOREIGN KEY ("enrolment_id", "graduate_id", "organisation_id")
         REFERENCES "check_in_enrolment"("id", "graduate_id", "organisation_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_delivery"`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_delivery" ON "check_in" ("delivery_id") WHERE delivery_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_delivery"`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_delivery" ON "check_in" ("delivery_id") `);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_enrolment"`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_enrolment" FOREIGN KEY ("enrolment_id") REFERENCES "check_in_enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_enrolment_scope"`);
  }
}
