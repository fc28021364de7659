import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnswersService, CheckInsModule, EnrolmentsService } from '@continuum/check-ins';
import { type AppConfig, ConfigModule, loadConfig } from '@continuum/config';
import { findProtocol } from '@continuum/domain';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import type { Actor } from '@continuum/people';
import { dataSourceOptions, runMigrations, StaffRole } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { createStaff } from '@continuum/testing';
import type { BenchEnvironment } from './environment';
import { percentile } from './stats';

@Module({})
class CheckInBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CheckInBenchModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config, 'continuum-bench-check-ins')),
        QueueModule.forRoot('producer'),
        CheckInsModule,
      ],
    };
  }
}

/** The check-in services as the API runs them (same modules, migrated schema), without HTTP in front. */
export class CheckInBench {
  private constructor(
    private readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
  ) {}

  static async start(env: BenchEnvironment): Promise<CheckInBench> {
    const config = loadConfig({
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: 'silent',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: `${env.prefix}_check_ins`,
    });
    const app = await NestFactory.createApplicationContext(CheckInBenchModule.forRoot(config), { logger: false });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await runMigrations(dataSource);
    return new CheckInBench(app, dataSource);
  }

  /** An admin of a new organisation, on call, with `count` active graduates discharged today (phone, SMS consent). */
  async organisationWith(count: number): Promise<{ actor: Actor; planId: string }> {
    const staff = await createStaff(this.dataSource, { role: StaffRole.Admin });
    const actor: Actor = { userId: staff.userId, organisationId: staff.organisationId, role: staff.role, ip: null, requestId: null };
    await this.dataSource.query(`UPDATE staff_user SET phone = '+13125550199' WHERE id = $1`, [staff.userId]);
    await this.dataSource.query(`UPDATE organisation SET on_call_staff_id = $2 WHERE id = $1`, [staff.organisationId, staff.userId]);
    await this.dataSource.query(
      `INSERT INTO graduate (organisation_id, external_id, first_name, last_name, sort_name, discharge_date, timezone, phone, preferred_channels, status)
       SELECT $1, 'CI-' || i, 'Robin', 'Bench' || i, 'bench' || i || ' robin', current_date, 'America/Chicago', '+1' || (2020000000 + i)::text, '{sms}', 'active'
       FROM generate_series(1, $2::int) AS i`,
      [staff.organisationId, count],
    );
    await this.dataSource.query(
      `INSERT INTO consent_record (organisation_id, graduate_id, channel, purpose, decision, method, shown_text)
       SELECT organisation_id, id, 'sms', 'check_ins', 'granted', 'verbal', 'Check-in texts. Reply STOP to end.' FROM graduate WHERE organisation_id = $1`,
      [staff.organisationId],
    );
    await this.dataSource.query('ANALYZE graduate, consent_record');
    const protocol = findProtocol('post-iop-taper@1');
    if (!protocol) throw new Error('post-iop-taper@1 is missing');
    const [{ id: planId }] = await this.dataSource.query(
      `INSERT INTO check_in_plan (organisation_id, name, protocol, definition) VALUES ($1, 'Default taper', 'post-iop-taper@1', $2) RETURNING id`,
      [staff.organisationId, JSON.stringify(protocol.plan)],
    );
    return { actor, planId };
  }

  get enrolments(): EnrolmentsService {
    return this.app.get(EnrolmentsService);
  }

  get answers(): AnswersService {
    return this.app.get(AnswersService);
  }

  get links(): LinkTokens {
    return this.app.get(LinkTokens, { strict: false });
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

/** Seconds to enrol `count` graduates on the default post-IOP taper in one request (EnrolmentsService.enrol, by graduate ids). */
export async function enrolSeconds(bench: CheckInBench, count: number): Promise<{ value: number; details: Record<string, number> }> {
  const { actor, planId } = await bench.organisationWith(count);
  const ids: { id: string }[] = await bench.dataSource.query('SELECT id FROM graduate WHERE organisation_id = $1', [actor.organisationId]);
  const started = performance.now();
  const report = await bench.enrolments.enrol(actor, { planId, graduateIds: ids.map((r) => r.id) });
  const seconds = (performance.now() - started) / 1_000;
  if (report.enrolled !== count) throw new Error(`enrol bench: expected ${count} enrolled, got ${JSON.stringify({ ...report, skipped: report.skipped.length })}`);
  return { value: Number(seconds.toFixed(2)), details: { checkIns: report.checkIns } };
}

/**
 * p99 ms from a worrying form answer (mood 1) arriving to its urgent alert committed and the
 * on-call coordinator's SMS and email pages written and queued: the part of "reach a coordinator
 * within 60 s" that is the check-in code's; the pages' trip through the engine is what
 * `lateness_p99_ms` measures.
 */
export async function answerToAlertP99Ms(bench: CheckInBench, answers: number): Promise<{ value: number; details: Record<string, number> }> {
  const { actor, planId } = await bench.organisationWith(answers);
  const ids: { id: string }[] = await bench.dataSource.query('SELECT id FROM graduate WHERE organisation_id = $1', [actor.organisationId]);
  await bench.enrolments.enrol(actor, { planId, graduateIds: ids.map((r) => r.id) });
  const checkIns: { id: string; graduate_id: string }[] = await bench.dataSource.query(
    `SELECT DISTINCT ON (graduate_id) id, graduate_id FROM check_in WHERE organisation_id = $1 AND status = 'scheduled' ORDER BY graduate_id, sequence`,
    [actor.organisationId],
  );
  const tokens: string[] = [];
  for (const c of checkIns) {
    const { token } = await bench.links.issue({
      organisationId: actor.organisationId,
      purpose: LinkPurpose.CheckInAnswer,
      subjectId: c.graduate_id,
      claims: { checkInId: c.id },
      ttlSeconds: 3_600,
      singleUse: true,
    });
    tokens.push(token);
  }
  const timings: number[] = [];
  for (const token of tokens) {
    const started = performance.now();
    const outcome = await bench.answers.submitForm(token, { mood: '1', craving: '0', used: 'no' });
    timings.push(performance.now() - started);
    // An escalated answer's page carries the 988 line.
    if (outcome.kind !== 'thanks_crisis') throw new Error(`answer bench: expected thanks_crisis, got ${outcome.kind}`);
  }
  const [{ alerts, pages }] = await bench.dataSource.query(
    `SELECT (SELECT count(*)::int FROM alert WHERE organisation_id = $1) AS alerts,
            (SELECT count(*)::int FROM delivery WHERE organisation_id = $1 AND kind = 'alert.page') AS pages`,
    [actor.organisationId],
  );
  if (alerts !== answers || pages !== 2 * answers) throw new Error(`answer bench: expected ${answers} alerts and ${2 * answers} pages, got ${alerts} and ${pages}`);
  return { value: Number(percentile(timings, 99).toFixed(1)), details: { p50: Number(percentile(timings, 50).toFixed(1)), answers } };
}
