import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer writes per delivery. Every delivery is updated twice on its way out (claimed, then sent),
 * and neither update can be HOT (status and submitted_at are indexed), so each writes an entry
 * into every index of the table:
 * - `ix_delivery_org_submitted` answered no query (the daily cap counts in `org_send_count`,
 *   reports read `engagement_event`): dropped.
 * - The engagement trigger ran its PL/pgSQL for every status change, claims and cancellations
 *   included, to write nothing for them: it now fires only for the changes it records.
 */
export class DeliveryWritePath1795470000000 implements MigrationInterface {
  name = 'DeliveryWritePath1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_delivery_org_submitted"`);
    await queryRunner.query(`DROP TRIGGER tr_delivery_engagement ON "delivery"`);
    await queryRunner.query(
      `CREATE TRIGGER tr_delivery_engagement AFTER UPDATE OF status ON "delivery" FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('sent', 'delivered', 'failed') AND NEW.staff_user_id IS NULL)
        EXECUTE FUNCTION delivery_engagement()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_delivery_engagement ON "delivery"`);
    await queryRunner.query(
      `CREATE TRIGGER tr_delivery_engagement AFTER UPDATE OF status ON "delivery" FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION delivery_engagement()`,
    );
    await queryRunner.query(`CREATE INDEX "ix_delivery_org_submitted" ON "delivery" ("organisation_id", "submitted_at") `);
  }
}
