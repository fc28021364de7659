import { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckInPlans1795439013734 implements MigrationInterface {
  name = 'CheckInPlans1795439013734';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "check_in_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "program_id" uuid, "name" text NOT NULL, "protocol" text, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_check_in_plan" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_plan_org_program" ON "check_in_plan" ("organisation_id", "program_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_check_in_plan_name" ON "check_in_plan" ("organisation_id", "name") `);
    await queryRunner.query(`ALTER TABLE "check_in_plan" ADD CONSTRAINT "fk_check_in_plan_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_plan" ADD CONSTRAINT "fk_check_in_plan_program" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "check_in_plan" DROP CONSTRAINT "fk_check_in_plan_program"`);
    await queryRunner.query(`ALTER TABLE "check_in_plan" DROP CONSTRAINT "fk_check_in_plan_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_plan_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_plan_org_program"`);
    await queryRunner.query(`DROP TABLE "check_in_plan"`);
  }
}
