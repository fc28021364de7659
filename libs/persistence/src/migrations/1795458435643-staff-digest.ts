import { MigrationInterface, QueryRunner } from 'typeorm';

/** A message to staff about no one graduate (the daily digest) has no graduate; every other delivery still has one. */
export class StaffDigest1795458435643 implements MigrationInterface {
  name = 'StaffDigest1795458435643';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery" ALTER COLUMN "graduate_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_recipient" CHECK (graduate_id IS NOT NULL OR staff_user_id IS NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "ck_delivery_recipient"`);
    await queryRunner.query(`ALTER TABLE "delivery" ALTER COLUMN "graduate_id" SET NOT NULL`);
  }
}
