import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795427030384 implements MigrationInterface {
  name = 'Init1795427030384';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "queue_probe" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL DEFAULT 'pending', "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "completed_by" text, CONSTRAINT "pk_queue_probe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_queue_probe_requested_at" ON "queue_probe" ("requested_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_queue_probe_requested_at"`);
    await queryRunner.query(`DROP TABLE "queue_probe"`);
  }
}
