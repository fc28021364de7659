import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import type { EmailTransport, SendOutcome, SmsTransport } from '@continuum/messaging';
import { DeliveryEntity, DeliveryStatus, preparedEntities, preparedQuery } from '@continuum/persistence';
import type { DeliveryJob, JobResult } from '@continuum/queue';
import { ChannelFallback } from './channel-fallback';
import { DeliveryScheduler } from './delivery-scheduler';
import { MessageComposer, messageIdOf, type RenderedMessage } from './message-composer';
import { decideSend, type SendDecision } from './send-decision';
import { countSendSql, randomShard, SendFactsReader, utcDay } from './send-facts';
import { EMAIL_TRANSPORT, SMS_TRANSPORT } from './transports';

/** Provider calls per delivery before it is marked failed (transient errors only). */
export const MAX_SEND_ATTEMPTS = 8;
const BACKOFF_CAP_MS = 15 * 60_000;
/**
 * Most deliveries one batch takes: one read of the rows, one claim transaction, one write of
 * accepted outcomes. Jobs that start in the same turn of the event loop share a batch.
 */
export const DISPATCH_BATCH_MAX = 50;

type Claimed = DeliveryEntity & { status: 'submitting' };
type Ready = { delivery: Claimed; message: RenderedMessage };
/** What the claim transaction decided; `after` runs once it has committed. */
type ClaimResult = { ready: Ready } | { result: JobResult; after?: () => Promise<void> };
/** A send the provider took, waiting for its row to say so. */
type Accepted = { id: string; providerId: string; providerStatus: string | null };

/**
 * A DataLoader that batches, never caches (each call is a fresh read or write), and dispatches
 * once the event loop has handled the I/O that arrived with the first call: jobs whose Redis
 * replies came in together share one round trip to Postgres.
 */
function batcher<K, V>(load: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
  return new DataLoader<K, V, K>(load, { cache: false, maxBatchSize: DISPATCH_BATCH_MAX, batchScheduleFn: (dispatch) => setImmediate(dispatch) });
}

/** The key the recipient's lock is taken on: caps and consent are decided for one recipient at a time. */
function recipientKey(row: DeliveryEntity): string {
  return `${row.graduateId}/${row.contactId ?? row.staffUserId ?? '-'}/${row.channel}`;
}

/**
 * Splits a batch into waves in which no recipient appears twice (indices into `rows`, in order):
 * the second message to one recipient is decided after the first is claimed, so it sees it
 * among the recipient's sends, as it would in a transaction of its own.
 */
function recipientWaves(rows: readonly DeliveryEntity[]): number[][] {
  const waves: number[][] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = recipientKey(row);
    const wave = seen.get(key) ?? 0;
    seen.set(key, wave + 1);
    (waves[wave] ??= []).push(index);
  });
  return waves;
}

/**
 * Takes one delivery from `pending` (or `unknown`) to a final state, at most once at the provider:
 * 1. check the rules and claim the row in one transaction (pending → submitting, a conditional
 *    UPDATE under a per-recipient lock, so caps hold across workers);
 * 2. only then call the provider;
 * 3. record the outcome. A call whose outcome is unknown is never repeated blindly: the provider
 *    is asked first, and the message is sent again at most once, only if it has no record of it.
 * Rescheduling writes a new `send_after`, which names a new job; a job for an old `send_after`
 * finds nothing to do and exits.
 *
 * Each job is handled on its own, but the round trips of jobs running at the same time are
 * shared (`batcher`): their rows are read in one query, their rules checked and claims made in
 * one transaction (one recipient lock each, one facts query, one claim statement), and their
 * accepted outcomes written in one statement. Provider calls stay one per message.
 */
@Injectable()
export class Dispatcher {
  private readonly logger = new Logger(Dispatcher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
    private readonly facts: SendFactsReader,
    private readonly composer: MessageComposer,
    private readonly scheduler: DeliveryScheduler,
    private readonly fallback: ChannelFallback,
  ) {}

  private readonly rows = batcher<string, DeliveryEntity | null>(async (ids) => {
    const found = await preparedEntities(this.dataSource.manager, DeliveryEntity, 'delivery-rows', 'id = ANY($1::uuid[])', [[...new Set(ids)]]);
    const byId = new Map(found.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  private readonly claims = batcher<DeliveryEntity, ClaimResult>((rows) => this.decideAndClaim(rows));

  private readonly acceptedWrites = batcher<Accepted, true>((accepted) => this.writeAccepted(accepted));

  /**
   * A delivery job: its deliveries start together, so they share one batch. Each is settled on its
   * own; if any threw, the job fails once all have finished, and its retry finds the others done.
   */
  async handleJob(job: DeliveryJob): Promise<JobResult> {
    const items = [job, ...(job.also ?? [])];
    const settled = await Promise.allSettled(items.map((item) => this.handle(item.deliveryId, item.sendAfterMs)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<JobResult>).value);
    if (results.length === 1) return results[0];
    const skipped = results.filter((r): r is Extract<JobResult, { status: 'skipped' }> => r.status === 'skipped');
    if (skipped.length === 0) return { status: 'done' };
    return { status: 'skipped', reason: `${skipped.length} of ${results.length} skipped (${[...new Set(skipped.map((r) => r.reason))].join('; ')})` };
  }

  async handle(deliveryId: string, sendAfterMs: number): Promise<JobResult> {
    const row = await this.rows.load(deliveryId);
    if (!row) return { status: 'skipped', reason: 'delivery not found' };
    if (row.sendAfter.getTime() !== sendAfterMs) return { status: 'skipped', reason: 'superseded by a later schedule' };
    if (row.status === DeliveryStatus.Unknown) return this.resolveUnknown(row);
    if (row.status !== DeliveryStatus.Pending) return { status: 'skipped', reason: `already ${row.status}` };
    if (row.sendAfter.getTime() > Date.now() + 1_000) return { status: 'skipped', reason: 'not due yet' };

    return this.claimAndSubmit(row);
  }

  private async claimAndSubmit(row: DeliveryEntity): Promise<JobResult> {
    const claim = await this.claims.load(row);
    if ('ready' in claim) return this.submit(claim.ready);
    await claim.after?.();
    return claim.result;
  }

  /** The rules and the claims of a batch, in one transaction; one answer per row, in order. */
  private async decideAndClaim(rows: readonly DeliveryEntity[]): Promise<(ClaimResult | Error)[]> {
    const results: (ClaimResult | Error)[] = new Array(rows.length);
    await this.dataSource.transaction(async (manager) => {
      for (const wave of recipientWaves(rows)) {
        const waveRows = wave.map((index) => rows[index]);
        // One recipient at a time, so two workers cannot both pass the same cap. Locks are taken in
        // one order everywhere, so two batches never wait on each other in a circle.
        await manager.query(
          'SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest($1::text[]) AS key ORDER BY 1) AS keys',
          [waveRows.map(recipientKey)],
        );
        const now = new Date();
        const facts = await this.facts.read(manager, waveRows, now);
        const toClaim: { index: number; ready: Ready }[] = [];
        for (const [position, index] of wave.entries()) {
          const row = rows[index];
          const found = facts[position];
          if (found instanceof Error) {
            results[index] = found;
            continue;
          }
          const decision: SendDecision = decideSend(found.facts);
          if (decision.action === 'cancel') {
            results[index] = await this.cancel(manager, row, decision.reason);
            continue;
          }
          if (decision.action === 'defer') {
            results[index] = await this.defer(manager, row, decision.until, decision.reason);
            continue;
          }
          try {
            const message = await this.composer.compose(manager, row, found.recipient, found.template);
            const delivery = { ...row, status: 'submitting', attempts: row.attempts + 1, sentTo: message.to } as Claimed;
            toClaim.push({ index, ready: { delivery, message } });
          } catch (error) {
            this.logger.warn({ deliveryId: row.id, err: (error as Error).message }, 'message could not be rendered');
            results[index] = await this.cancel(manager, row, 'template_error');
          }
        }
        const claimed = await this.claim(manager, toClaim.map((c) => c.ready), now);
        for (const { index, ready } of toClaim) {
          results[index] = claimed.has(ready.delivery.id) ? { ready } : { result: { status: 'skipped', reason: 'claimed by another worker' } };
        }
      }
    });
    return results;
  }

  /**
   * pending → submitting for every message that passed, and the organisation's daily count with
   * them, in one statement. Answers the ids it claimed: a row another worker took is not among them.
   */
  private async claim(manager: EntityManager, ready: Ready[], now: Date): Promise<Set<string>> {
    if (ready.length === 0) return new Set();
    const claimed = await preparedQuery<{ id: string }>(
      manager,
      'delivery-claim',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS i(id, sent_to, transport, digest)
       ), claimed AS (
         UPDATE delivery d SET status = 'submitting', attempts = d.attempts + 1, sent_to = i.sent_to, transport = i.transport,
                content_digest = i.digest, submitted_at = clock_timestamp(), updated_at = now()
           FROM input i
          WHERE d.id = i.id AND d.status = 'pending' RETURNING d.id, d.organisation_id
       ), counted AS (${countSendSql('claimed', '$5', '$6')})
       SELECT id FROM claimed`,
      [
        ready.map((r) => r.delivery.id),
        ready.map((r) => r.message.to),
        ready.map((r) => this.transportFor(r.delivery).name),
        ready.map((r) => r.message.digest),
        utcDay(now),
        randomShard(),
      ],
    );
    return new Set(claimed.map((c) => c.id));
  }

  /**
   * Accepted sends become `sent`, many in one statement. A status callback may have got here
   * first; it only ever moves the row forward. This write need not wait for the disk: if a crash
   * loses it, the row stays `submitting`, the reconciler makes it `unknown`, and the provider is
   * asked before anything is resent.
   */
  private async writeAccepted(accepted: readonly Accepted[]): Promise<true[]> {
    // One statement, so one implicit transaction: `set_config(…, true)` lasts until its commit.
    await preparedQuery(
      this.dataSource.manager,
      'delivery-accepted',
      `UPDATE delivery d SET status = CASE WHEN d.status IN ('submitting', 'unknown') THEN 'sent' ELSE d.status END,
              provider_id = coalesce(d.provider_id, i.provider_id), provider_status = coalesce(d.provider_status, i.provider_status),
              error_code = NULL, error_reason = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS i(id, provider_id, provider_status),
              (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
        WHERE d.id = i.id`,
      [accepted.map((a) => a.id), accepted.map((a) => a.providerId), accepted.map((a) => a.providerStatus)],
    );
    return accepted.map(() => true);
  }

  private async submit({ delivery, message }: Ready): Promise<JobResult> {
    const outcome: SendOutcome =
      message.channel === 'sms'
        ? await this.sms.send({ deliveryId: delivery.id, to: message.to, body: message.text, statusCallbackUrl: this.statusCallbackUrl(delivery.id) })
        : await this.email.send({ deliveryId: delivery.id, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId, headers: message.headers, calendar: message.calendar });
    return this.record(delivery, outcome);
  }

  private async record(delivery: DeliveryEntity, outcome: SendOutcome): Promise<JobResult> {
    const repo = this.dataSource.getRepository(DeliveryEntity);
    switch (outcome.kind) {
      case 'accepted':
        await this.acceptedWrites.load({ id: delivery.id, providerId: outcome.providerId, providerStatus: outcome.providerStatus });
        return { status: 'done' };
      case 'rejected': {
        // A number that will never take texts: the same message by email, when the graduate agreed to email.
        const replacements = await this.dataSource.transaction(async (manager) => {
          const failed = await manager.update(DeliveryEntity, { id: delivery.id, status: DeliveryStatus.Submitting }, {
            status: DeliveryStatus.Failed, errorCode: outcome.code, errorReason: outcome.reason, finishedAt: new Date(),
          });
          return failed.affected ? this.fallback.afterFailure(manager, delivery.id) : [];
        });
        await this.scheduler.enqueue(replacements);
        return { status: 'done' };
      }
      case 'retry': {
        if (delivery.attempts >= MAX_SEND_ATTEMPTS) {
          await repo.update({ id: delivery.id, status: DeliveryStatus.Submitting }, {
            status: DeliveryStatus.Failed, errorCode: outcome.code, errorReason: `gave up after ${delivery.attempts} attempts: ${outcome.reason}`, finishedAt: new Date(),
          });
          return { status: 'done' };
        }
        const until = new Date(Date.now() + backoffMs(delivery.attempts, this.config.DELIVERY_RETRY_BASE_MS));
        await this.reschedule(delivery, DeliveryStatus.Submitting, DeliveryStatus.Pending, until, outcome);
        return { status: 'skipped', reason: `provider asked to retry (${outcome.code})` };
      }
      case 'unknown': {
        // Ask the provider shortly, once its record (or our status callback) has had time to appear.
        await this.reschedule(delivery, DeliveryStatus.Submitting, DeliveryStatus.Unknown, new Date(Date.now() + this.config.DELIVERY_UNKNOWN_RECHECK_MS), outcome);
        return { status: 'skipped', reason: `outcome unknown (${outcome.code})` };
      }
    }
  }

  /** An unknown send is looked up; sent again at most once, and only when the provider has no record. */
  private async resolveUnknown(row: DeliveryEntity): Promise<JobResult> {
    const found =
      row.channel === 'sms'
        ? await this.sms.find({ deliveryId: row.id, to: row.sentTo ?? '', bodyDigest: row.contentDigest ?? '', since: row.submittedAt ?? row.createdAt })
        : ((await this.email.find?.({ deliveryId: row.id, messageId: messageIdOf(row.id, this.config) })) ?? null);
    if (found) return this.record(row, { kind: 'accepted', ...found });
    if (row.resent) {
      await this.dataSource.getRepository(DeliveryEntity).update({ id: row.id, status: DeliveryStatus.Unknown }, {
        status: DeliveryStatus.Failed, errorCode: 'UNCONFIRMED', errorReason: 'provider has no record after one resend', finishedAt: new Date(),
      });
      return { status: 'done' };
    }
    const moved = await this.dataSource.query(
      `UPDATE delivery SET status = 'pending', resent = true, updated_at = now() WHERE id = $1 AND status = 'unknown' RETURNING id`,
      [row.id],
    );
    if (moved[0].length === 0) return { status: 'skipped', reason: 'resolved elsewhere' };
    return this.claimAndSubmit({ ...row, status: DeliveryStatus.Pending, resent: true });
  }

  private async cancel(manager: EntityManager, row: DeliveryEntity, reason: string): Promise<ClaimResult> {
    await manager.getRepository(DeliveryEntity).update({ id: row.id, status: DeliveryStatus.Pending }, {
      status: DeliveryStatus.Cancelled, errorCode: reason, finishedAt: new Date(),
    });
    return { result: { status: 'skipped', reason: `cancelled: ${reason}` } };
  }

  private async defer(manager: EntityManager, row: DeliveryEntity, until: Date, reason: string): Promise<ClaimResult> {
    const sendAfter = new Date(until.getTime());
    await manager.getRepository(DeliveryEntity).update({ id: row.id, status: DeliveryStatus.Pending }, { sendAfter, errorCode: reason });
    return {
      result: { status: 'skipped', reason: `deferred: ${reason}` },
      // The job for the new time is added once the new time has committed.
      after: () => this.scheduler.enqueue([{ id: row.id, channel: row.channel, sendAfter }]),
    };
  }

  private async reschedule(
    { id, channel }: DeliveryEntity,
    from: DeliveryStatus,
    to: DeliveryStatus,
    until: Date,
    outcome: { code: string; reason: string },
  ): Promise<void> {
    const updated = await this.dataSource.getRepository(DeliveryEntity).update({ id, status: from }, {
      status: to, sendAfter: until, errorCode: outcome.code, errorReason: outcome.reason,
    });
    if (updated.affected) await this.scheduler.enqueue([{ id, channel, sendAfter: until }]);
  }

  private transportFor(row: DeliveryEntity): { name: string } {
    return row.channel === 'sms' ? this.sms : this.email;
  }

  private statusCallbackUrl(deliveryId: string): string {
    return `${this.config.PUBLIC_BASE_URL}/webhooks/twilio/status?d=${deliveryId}`;
  }
}

/** Exponential with half jitter, capped: base, 2×base, 4×base … at most 15 minutes. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
