import { MigrationInterface, QueryRunner } from 'typeorm';

export class WorklistIndexes1795461834162 implements MigrationInterface {
  name = 'WorklistIndexes1795461834162';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_check_in_graduate_missed" ON "check_in" ("graduate_id", "missed_at") WHERE status = 'missed'`);
    await queryRunner.query(`CREATE INDEX "ix_engagement_event_graduate_active_at" ON "engagement_event" ("graduate_id", "occurred_at") WHERE kind IN ('check_in.answered', 'meeting.rsvp', 'meeting.attended', 'meeting.rated', 'family_session.attended', 'family_session.feedback', 'link.opened', 'message.received', 'outreach.reached')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_engagement_event_graduate_active_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_check_in_graduate_missed"`);
  }
}
