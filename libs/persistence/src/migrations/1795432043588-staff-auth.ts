import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffAuth1795432043588 implements MigrationInterface {
  name = 'StaffAuth1795432043588';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "timezone" text NOT NULL DEFAULT 'America/New_York', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_organisation" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_organisation_slug" ON "organisation" ("slug") `);
    await queryRunner.query(`CREATE TABLE "staff_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "role" text NOT NULL, "password_hash" text NOT NULL, "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_staff_user_email_lower" CHECK (email = lower(email)), CONSTRAINT "ck_staff_user_role" CHECK (role IN ('admin', 'coordinator')), CONSTRAINT "pk_staff_user" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_staff_user_organisation" ON "staff_user" ("organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_staff_user_email" ON "staff_user" ("email") `);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_refresh_token" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refresh_token_hash" ON "refresh_token" ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "staff_user" ADD CONSTRAINT "fk_staff_user_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_staff_user"`);
    await queryRunner.query(`ALTER TABLE "staff_user" DROP CONSTRAINT "fk_staff_user_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_token_family"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."uq_staff_user_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_user_organisation"`);
    await queryRunner.query(`DROP TABLE "staff_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organisation_slug"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
  }
}
