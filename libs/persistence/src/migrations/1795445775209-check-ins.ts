import { MigrationInterface, QueryRunner } from 'typeorm';

export class CheckIns1795445775209 implements MigrationInterface {
  name = 'CheckIns1795445775209';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "check_in_enrolment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'active', "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_check_in_enrolment_status" CHECK (status IN ('active', 'paused', 'withdrawn')), CONSTRAINT "pk_check_in_enrolment" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_enrolment_plan" ON "check_in_enrolment" ("plan_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_check_in_enrolment_graduate" ON "check_in_enrolment" ("graduate_id") `);
    await queryRunner.query(`CREATE TABLE "check_in" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "enrolment_id" uuid NOT NULL, "sequence" integer NOT NULL, "offset" text NOT NULL, "instrument" text, "channel" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'scheduled', "cancel_reason" text, "delivery_id" uuid, "nudge_delivery_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "missed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_check_in_status" CHECK (status IN ('scheduled', 'answered', 'missed', 'cancelled')), CONSTRAINT "pk_check_in" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_delivery" ON "check_in" ("delivery_id") `);
    await queryRunner.query(`CREATE INDEX "ix_check_in_open" ON "check_in" ("due_at") WHERE status = 'scheduled'`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_graduate_due" ON "check_in" ("graduate_id", "due_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_check_in_live_sequence" ON "check_in" ("enrolment_id", "sequence") WHERE status <> 'cancelled'`);
    await queryRunner.query(`CREATE TABLE "alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "check_in_id" uuid, "kind" text NOT NULL, "urgency" text NOT NULL, "reasons" text array NOT NULL DEFAULT '{}', "dedupe_key" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "owner_id" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_alert_urgency" CHECK (urgency IN ('urgent', 'routine')), CONSTRAINT "ck_alert_status" CHECK (status IN ('open', 'acknowledged', 'resolved')), CONSTRAINT "ck_alert_kind" CHECK (kind IN ('escalation', 'linkage', 'no_answer', 'missed_twice')), CONSTRAINT "pk_alert" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alert_dedupe" ON "alert" ("organisation_id", "dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "ix_alert_graduate_created" ON "alert" ("graduate_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_alert_org_status_created" ON "alert" ("organisation_id", "status", "created_at") `);
    await queryRunner.query(`CREATE TABLE "alert_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_alert_note" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_alert_note_alert" ON "alert_note" ("alert_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "check_in_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "check_in_id" uuid NOT NULL, "source" text NOT NULL, "mood" smallint, "craving" smallint, "used_since_last" boolean, "wants_call" boolean, "text" text, "instrument" text, "responses" jsonb, "score" jsonb, "escalation_reasons" text array NOT NULL DEFAULT '{}', "shows_need" boolean NOT NULL DEFAULT false, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_check_in_answer_craving" CHECK (craving BETWEEN 0 AND 10), CONSTRAINT "ck_check_in_answer_mood" CHECK (mood BETWEEN 1 AND 5), CONSTRAINT "ck_check_in_answer_source" CHECK (source IN ('sms', 'form')), CONSTRAINT "pk_check_in_answer" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_check_in_answer_graduate_instrument" ON "check_in_answer" ("graduate_id", "instrument", "answered_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_check_in_answer_check_in" ON "check_in_answer" ("check_in_id") `);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "on_call_staff_id" uuid`);
    await queryRunner.query(`ALTER TABLE "staff_user" ADD "phone" text`);
    await queryRunner.query(`ALTER TABLE "graduate" ADD "coordinator_id" uuid`);
    await queryRunner.query(`ALTER TABLE "delivery" ADD "staff_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "graduate" ADD CONSTRAINT "fk_graduate_coordinator" FOREIGN KEY ("coordinator_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" ADD CONSTRAINT "fk_check_in_enrolment_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" ADD CONSTRAINT "fk_check_in_enrolment_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" ADD CONSTRAINT "fk_check_in_enrolment_plan" FOREIGN KEY ("plan_id") REFERENCES "check_in_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "delivery" ADD CONSTRAINT "fk_delivery_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_enrolment" FOREIGN KEY ("enrolment_id") REFERENCES "check_in_enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in" ADD CONSTRAINT "fk_check_in_delivery" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "fk_alert_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "fk_alert_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "fk_alert_check_in" FOREIGN KEY ("check_in_id") REFERENCES "check_in"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert" ADD CONSTRAINT "fk_alert_owner" FOREIGN KEY ("owner_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert_note" ADD CONSTRAINT "fk_alert_note_alert" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "alert_note" ADD CONSTRAINT "fk_alert_note_author" FOREIGN KEY ("author_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_answer" ADD CONSTRAINT "fk_check_in_answer_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_answer" ADD CONSTRAINT "fk_check_in_answer_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "check_in_answer" ADD CONSTRAINT "fk_check_in_answer_check_in" FOREIGN KEY ("check_in_id") REFERENCES "check_in"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Written by hand: an alert page to a staff member is not a touchpoint with the graduate.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION delivery_engagement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        facts jsonb := jsonb_build_object('channel', NEW.channel, 'kind', NEW.kind, 'purpose', NEW.purpose,
                                          'recipient', CASE WHEN NEW.contact_id IS NULL THEN 'graduate' ELSE 'contact' END);
      BEGIN
        IF NEW.staff_user_id IS NOT NULL THEN
          RETURN NULL;
        END IF;
        IF NEW.status IN ('sent', 'delivered') AND OLD.status IN ('pending', 'submitting', 'unknown') THEN
          INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload)
          VALUES (NEW.organisation_id, NEW.graduate_id, 'message.sent', NEW.id, facts);
        END IF;
        IF NEW.status = 'delivered' AND OLD.status <> 'delivered' THEN
          INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload)
          VALUES (NEW.organisation_id, NEW.graduate_id, 'message.delivered', NEW.id, facts);
        ELSIF NEW.status = 'failed' AND OLD.status <> 'failed' THEN
          INSERT INTO engagement_event (organisation_id, graduate_id, kind, ref_id, payload)
          VALUES (NEW.organisation_id, NEW.graduate_id, 'message.failed', NEW.id, facts || jsonb_build_object('errorCode', NEW.error_code));
        END IF;
        RETURN NULL;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "check_in_answer" DROP CONSTRAINT "fk_check_in_answer_check_in"`);
    await queryRunner.query(`ALTER TABLE "check_in_answer" DROP CONSTRAINT "fk_check_in_answer_graduate"`);
    await queryRunner.query(`ALTER TABLE "check_in_answer" DROP CONSTRAINT "fk_check_in_answer_organisation"`);
    await queryRunner.query(`ALTER TABLE "alert_note" DROP CONSTRAINT "fk_alert_note_author"`);
    await queryRunner.query(`ALTER TABLE "alert_note" DROP CONSTRAINT "fk_alert_note_alert"`);
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "fk_alert_owner"`);
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "fk_alert_check_in"`);
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "fk_alert_graduate"`);
    await queryRunner.query(`ALTER TABLE "alert" DROP CONSTRAINT "fk_alert_organisation"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_delivery"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_enrolment"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_graduate"`);
    await queryRunner.query(`ALTER TABLE "check_in" DROP CONSTRAINT "fk_check_in_organisation"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "fk_delivery_staff_user"`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" DROP CONSTRAINT "fk_check_in_enrolment_plan"`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" DROP CONSTRAINT "fk_check_in_enrolment_graduate"`);
    await queryRunner.query(`ALTER TABLE "check_in_enrolment" DROP CONSTRAINT "fk_check_in_enrolment_organisation"`);
    await queryRunner.query(`ALTER TABLE "graduate" DROP CONSTRAINT "fk_graduate_coordinator"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP COLUMN "staff_user_id"`);
    await queryRunner.query(`ALTER TABLE "graduate" DROP COLUMN "coordinator_id"`);
    await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "on_call_staff_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_answer_check_in"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_answer_graduate_instrument"`);
    await queryRunner.query(`DROP TABLE "check_in_answer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_note_alert"`);
    await queryRunner.query(`DROP TABLE "alert_note"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_org_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_alert_graduate_created"`);
    await queryRunner.query(`DROP INDEX "public"."uq_alert_dedupe"`);
    await queryRunner.query(`DROP TABLE "alert"`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_live_sequence"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_graduate_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_delivery"`);
    await queryRunner.query(`DROP TABLE "check_in"`);
    await queryRunner.query(`DROP INDEX "public"."uq_check_in_enrolment_graduate"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_enrolment_plan"`);
    await queryRunner.query(`DROP TABLE "check_in_enrolment"`);
  }
}
