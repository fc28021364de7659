import { MigrationInterface, QueryRunner } from 'typeorm';

export class Broadcasts1795460569983 implements MigrationInterface {
  name = 'Broadcasts1795460569983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "broadcast" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "created_by" uuid NOT NULL, "name" text NOT NULL, "bodies" jsonb NOT NULL, "segment" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'draft', "send_at" TIMESTAMP WITH TIME ZONE, "recipients" integer, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_broadcast_status" CHECK (status IN ('draft', 'scheduled', 'cancelled')), CONSTRAINT "pk_broadcast" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_broadcast_org_created" ON "broadcast" ("organisation_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "broadcast" ADD CONSTRAINT "fk_broadcast_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "broadcast" DROP CONSTRAINT "fk_broadcast_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_broadcast_org_created"`);
    await queryRunner.query(`DROP TABLE "broadcast"`);
  }
}
