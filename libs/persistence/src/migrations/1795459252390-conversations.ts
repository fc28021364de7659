import { MigrationInterface, QueryRunner } from 'typeorm';

export class Conversations1795459252390 implements MigrationInterface {
  name = 'Conversations1795459252390';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // TypeORM does not diff CHECK constraints: the new priority is added by hand.
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "ck_delivery_priority"`);
    await queryRunner.query(`ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_priority" CHECK (priority IN ('routine', 'urgent', 'conversation'))`);
    await queryRunner.query(`CREATE TABLE "conversation_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "contact_id" uuid, "direction" text NOT NULL, "body" text NOT NULL, "staff_user_id" uuid, "delivery_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_conversation_message_direction" CHECK (direction IN ('in', 'out')), CONSTRAINT "pk_conversation_message" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_conversation_message_graduate_at" ON "conversation_message" ("graduate_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "conversation_message" ADD CONSTRAINT "fk_conversation_message_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "conversation_message" ADD CONSTRAINT "fk_conversation_message_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "ck_delivery_priority"`);
    await queryRunner.query(`ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_priority" CHECK (priority IN ('routine', 'urgent'))`);
    await queryRunner.query(`ALTER TABLE "conversation_message" DROP CONSTRAINT "fk_conversation_message_graduate"`);
    await queryRunner.query(`ALTER TABLE "conversation_message" DROP CONSTRAINT "fk_conversation_message_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversation_message_graduate_at"`);
    await queryRunner.query(`DROP TABLE "conversation_message"`);
  }
}
