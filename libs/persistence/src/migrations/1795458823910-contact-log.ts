import { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactLog1795458823910 implements MigrationInterface {
  name = 'ContactLog1795458823910';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "contact_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "staff_user_id" uuid NOT NULL, "method" text NOT NULL, "outcome" text NOT NULL, "notes" text, "next_step_on" date, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contact_log_outcome" CHECK (outcome IN ('reached', 'left_message', 'no_answer', 'wrong_number')), CONSTRAINT "ck_contact_log_method" CHECK (method IN ('call', 'text', 'visit', 'voicemail', 'email')), CONSTRAINT "pk_contact_log" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_contact_log_next_step" ON "contact_log" ("organisation_id", "next_step_on") WHERE next_step_on IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_contact_log_graduate_at" ON "contact_log" ("graduate_id", "occurred_at") `);
    await queryRunner.query(`ALTER TABLE "contact_log" ADD CONSTRAINT "fk_contact_log_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_log" ADD CONSTRAINT "fk_contact_log_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_log" ADD CONSTRAINT "fk_contact_log_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact_log" DROP CONSTRAINT "fk_contact_log_staff_user"`);
    await queryRunner.query(`ALTER TABLE "contact_log" DROP CONSTRAINT "fk_contact_log_graduate"`);
    await queryRunner.query(`ALTER TABLE "contact_log" DROP CONSTRAINT "fk_contact_log_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contact_log_graduate_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contact_log_next_step"`);
    await queryRunner.query(`DROP TABLE "contact_log"`);
  }
}
