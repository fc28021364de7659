import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingsFamilySessions1795455529231 implements MigrationInterface {
  name = 'MeetingsFamilySessions1795455529231';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "family_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" text NOT NULL, "location" text, "video_url" text, "clinician" text, "status" text NOT NULL DEFAULT 'scheduled', "sequence" integer NOT NULL DEFAULT '0', "follow_up_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_family_session_status" CHECK (status IN ('scheduled', 'cancelled')), CONSTRAINT "pk_family_session" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_family_session_no_follow_up" ON "family_session" ("ends_at") WHERE status = 'scheduled' AND follow_up_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_family_session_org_starts" ON "family_session" ("organisation_id", "starts_at") `);
    await queryRunner.query(`CREATE INDEX "ix_family_session_graduate_starts" ON "family_session" ("graduate_id", "starts_at") `);
    await queryRunner.query(`CREATE TABLE "family_session_participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "session_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "channel" text NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, "attendance" text, "attendance_at" TIMESTAMP WITH TIME ZONE, "rating" integer, "comment" text, "rated_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_family_session_participant_rating" CHECK (rating IS NULL OR rating BETWEEN 1 AND 5), CONSTRAINT "ck_family_session_participant_attendance" CHECK (attendance IS NULL OR attendance IN ('attended', 'no_show')), CONSTRAINT "pk_family_session_participant" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_family_session_participant_contact" ON "family_session_participant" ("contact_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_family_session_participant" ON "family_session_participant" ("session_id", "contact_id") `);
    await queryRunner.query(`CREATE TABLE "meeting_series" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "title" text NOT NULL, "description" text, "starts_local" text NOT NULL, "timezone" text NOT NULL, "rrule" text, "duration_minutes" integer NOT NULL, "location" text, "video_url" text, "capacity" integer, "audience" jsonb NOT NULL, "invite_lead" text NOT NULL DEFAULT 'P7D', "reminder_offsets" text array NOT NULL DEFAULT '{PT24H,PT1H}', "remind_no_reply" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'active', "materialised_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meeting_series_status" CHECK (status IN ('active', 'cancelled')), CONSTRAINT "pk_meeting_series" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_series_org" ON "meeting_series" ("organisation_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "meeting_occurrence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "series_id" uuid NOT NULL, "slot" TIMESTAMP WITH TIME ZONE NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "location" text, "video_url" text, "status" text NOT NULL DEFAULT 'scheduled', "sequence" integer NOT NULL DEFAULT '0', "check_in_code" text NOT NULL, "invited_at" TIMESTAMP WITH TIME ZONE, "feedback_requested_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meeting_occurrence_status" CHECK (status IN ('scheduled', 'cancelled')), CONSTRAINT "pk_meeting_occurrence" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_occurrence_no_feedback" ON "meeting_occurrence" ("ends_at") WHERE status = 'scheduled' AND feedback_requested_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_occurrence_uninvited" ON "meeting_occurrence" ("starts_at") WHERE status = 'scheduled' AND invited_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_occurrence_org_starts" ON "meeting_occurrence" ("organisation_id", "starts_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_meeting_occurrence_code" ON "meeting_occurrence" ("organisation_id", "check_in_code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_meeting_occurrence_slot" ON "meeting_occurrence" ("series_id", "slot") `);
    await queryRunner.query(`CREATE TABLE "meeting_invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "occurrence_id" uuid NOT NULL, "graduate_id" uuid NOT NULL, "channel" text, "rsvp" text NOT NULL DEFAULT 'none', "rsvp_at" TIMESTAMP WITH TIME ZONE, "rsvp_source" text, "waitlisted_at" TIMESTAMP WITH TIME ZONE, "attendance" text, "attendance_at" TIMESTAMP WITH TIME ZONE, "attendance_source" text, "rating" integer, "rated_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_meeting_invitation_rating" CHECK (rating IS NULL OR rating BETWEEN 1 AND 5), CONSTRAINT "ck_meeting_invitation_attendance" CHECK (attendance IS NULL OR attendance IN ('attended', 'no_show')), CONSTRAINT "ck_meeting_invitation_rsvp" CHECK (rsvp IN ('none', 'yes', 'no', 'waitlisted')), CONSTRAINT "pk_meeting_invitation" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_invitation_waitlist" ON "meeting_invitation" ("occurrence_id", "waitlisted_at") WHERE rsvp = 'waitlisted'`);
    await queryRunner.query(`CREATE INDEX "ix_meeting_invitation_graduate" ON "meeting_invitation" ("graduate_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_meeting_invitation" ON "meeting_invitation" ("occurrence_id", "graduate_id") `);
    await queryRunner.query(`ALTER TABLE "delivery" ADD "subject_id" uuid`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "calendar" text`);
    await queryRunner.query(`CREATE INDEX "ix_delivery_subject" ON "delivery" ("subject_id") WHERE subject_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "family_session" ADD CONSTRAINT "fk_family_session_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_session" ADD CONSTRAINT "fk_family_session_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" ADD CONSTRAINT "fk_family_session_participant_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" ADD CONSTRAINT "fk_family_session_participant_session" FOREIGN KEY ("session_id") REFERENCES "family_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" ADD CONSTRAINT "fk_family_session_participant_contact" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_series" ADD CONSTRAINT "fk_meeting_series_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_occurrence" ADD CONSTRAINT "fk_meeting_occurrence_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_occurrence" ADD CONSTRAINT "fk_meeting_occurrence_series" FOREIGN KEY ("series_id") REFERENCES "meeting_series"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_invitation" ADD CONSTRAINT "fk_meeting_invitation_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_invitation" ADD CONSTRAINT "fk_meeting_invitation_occurrence" FOREIGN KEY ("occurrence_id") REFERENCES "meeting_occurrence"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_invitation" ADD CONSTRAINT "fk_meeting_invitation_graduate" FOREIGN KEY ("graduate_id") REFERENCES "graduate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_invitation" DROP CONSTRAINT "fk_meeting_invitation_graduate"`);
    await queryRunner.query(`ALTER TABLE "meeting_invitation" DROP CONSTRAINT "fk_meeting_invitation_occurrence"`);
    await queryRunner.query(`ALTER TABLE "meeting_invitation" DROP CONSTRAINT "fk_meeting_invitation_organisation"`);
    await queryRunner.query(`ALTER TABLE "meeting_occurrence" DROP CONSTRAINT "fk_meeting_occurrence_series"`);
    await queryRunner.query(`ALTER TABLE "meeting_occurrence" DROP CONSTRAINT "fk_meeting_occurrence_organisation"`);
    await queryRunner.query(`ALTER TABLE "meeting_series" DROP CONSTRAINT "fk_meeting_series_organisation"`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" DROP CONSTRAINT "fk_family_session_participant_contact"`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" DROP CONSTRAINT "fk_family_session_participant_session"`);
    await queryRunner.query(`ALTER TABLE "family_session_participant" DROP CONSTRAINT "fk_family_session_participant_organisation"`);
    await queryRunner.query(`ALTER TABLE "family_session" DROP CONSTRAINT "fk_family_session_graduate"`);
    await queryRunner.query(`ALTER TABLE "family_session" DROP CONSTRAINT "fk_family_session_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delivery_subject"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "calendar"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP COLUMN "subject_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_invitation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_invitation_graduate"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_invitation_waitlist"`);
    await queryRunner.query(`DROP TABLE "meeting_invitation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_occurrence_slot"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_occurrence_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_occurrence_org_starts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_occurrence_uninvited"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_occurrence_no_feedback"`);
    await queryRunner.query(`DROP TABLE "meeting_occurrence"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meeting_series_org"`);
    await queryRunner.query(`DROP TABLE "meeting_series"`);
    await queryRunner.query(`DROP INDEX "public"."uq_family_session_participant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_family_session_participant_contact"`);
    await queryRunner.query(`DROP TABLE "family_session_participant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_family_session_graduate_starts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_family_session_org_starts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_family_session_no_follow_up"`);
    await queryRunner.query(`DROP TABLE "family_session"`);
  }
}
