import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import type { EmailTransport, SendOutcome, SmsTransport } from '@continuum/messaging';
import { DeliveryEntity, DeliveryStatus } from '@continuum/persistence';
import type { JobResult } from '@continuum/queue';
import { ChannelFallback } from './channel-fallback';
import { DeliveryScheduler } from './delivery-scheduler';
import { MessageComposer, messageIdOf, type RenderedMessage } from './message-composer';
import { decideSend, type SendDecision } from './send-decision';
import { countSendSql, randomShard, SendFactsReader, utcDay } from './send-facts';
import { EMAIL_TRANSPORT, SMS_TRANSPORT } from './transports';

/** Provider calls per delivery before it is marked failed (transient errors only). */
export const MAX_SEND_ATTEMPTS = 8;
const BACKOFF_CAP_MS = 15 * 60_000;

type Claimed = DeliveryEntity & { status: 'submitting' };
type Ready = { delivery: Claimed; message: RenderedMessage };
/** What the claim transaction decided; `after` runs once it has committed. */
type ClaimResult = { ready: Ready } | { result: JobResult; after?: () => Promise<void> };

/**
 * Takes one delivery from `pending` (or `unknown`) to a final state, at most once at the provider:
 * 1. check the rules and claim the row in one transaction (pending → submitting, a conditional
 *    UPDATE under a per-recipient lock, so caps hold across workers);
 * 2. only then call the provider;
 * 3. record the outcome. A call whose outcome is unknown is never repeated blindly: the provider
 *    is asked first, and the message is sent again at most once, only if it has no record of it.
 * Rescheduling writes a new `send_after`, which names a new job; a job for an old `send_after`
 * finds nothing to do and exits.
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

  async handle(deliveryId: string, sendAfterMs: number): Promise<JobResult> {
    const row = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ id: deliveryId });
    if (!row) return { status: 'skipped', reason: 'delivery not found' };
    if (row.sendAfter.getTime() !== sendAfterMs) return { status: 'skipped', reason: 'superseded by a later schedule' };
    if (row.status === DeliveryStatus.Unknown) return this.resolveUnknown(row);
    if (row.status !== DeliveryStatus.Pending) return { status: 'skipped', reason: `already ${row.status}` };
    if (row.sendAfter.getTime() > Date.now() + 1_000) return { status: 'skipped', reason: 'not due yet' };

    return this.claimAndSubmit(row);
  }

  private async claimAndSubmit(row: DeliveryEntity): Promise<JobResult> {
    const claim = await this.decideAndClaim(row);
    if ('ready' in claim) return this.submit(claim.ready);
    await claim.after?.();
    return claim.result;
  }

  private async decideAndClaim(row: DeliveryEntity): Promise<ClaimResult> {
    return this.dataSource.transaction(async (manager): Promise<ClaimResult> => {
      // One recipient at a time, so two workers cannot both pass the same cap.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${row.graduateId}/${row.contactId ?? row.staffUserId ?? '-'}/${row.channel}`]);
      const now = new Date();
      const facts = await this.facts.read(manager, row, now);
      const decision: SendDecision = decideSend(facts.facts);
      if (decision.action === 'cancel') return this.cancel(manager, row, decision.reason);
      if (decision.action === 'defer') return this.defer(manager, row, decision.until, decision.reason);
      let message: RenderedMessage;
      try {
        message = await this.composer.compose(manager, row, facts.recipient, facts.template);
      } catch (error) {
        this.logger.warn({ deliveryId: row.id, err: (error as Error).message }, 'message could not be rendered');
        return this.cancel(manager, row, 'template_error');
      }
      // The claim and the organisation's daily count move together, in one statement.
      const claimed: { id: string }[] = await manager.query(
        `WITH claimed AS (
           UPDATE delivery SET status = 'submitting', attempts = attempts + 1, sent_to = $2, transport = $3,
                  content_digest = $4, submitted_at = clock_timestamp(), updated_at = now()
            WHERE id = $1 AND status = 'pending' RETURNING id, organisation_id
         ), counted AS (${countSendSql('claimed', '$5', '$6')})
         SELECT id FROM claimed`,
        [row.id, message.to, this.transportFor(row).name, message.digest, utcDay(now), randomShard()],
      );
      if (claimed.length === 0) return { result: { status: 'skipped', reason: 'claimed by another worker' } };
      const delivery = { ...row, status: 'submitting', attempts: row.attempts + 1, sentTo: message.to } as Claimed;
      return { ready: { delivery, message } };
    });
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
        // A status callback may have got here first; it only ever moves the row forward. This
        // write need not wait for the disk: if a crash loses it, the row stays `submitting`, the
        // reconciler makes it `unknown`, and the provider is asked before anything is resent.
        await this.dataSource.transaction(async (manager) => {
          await manager.query('SET LOCAL synchronous_commit = off');
          await manager.query(
            `UPDATE delivery SET status = CASE WHEN status IN ('submitting', 'unknown') THEN 'sent' ELSE status END,
                    provider_id = coalesce(provider_id, $2), provider_status = coalesce(provider_status, $3),
                    error_code = NULL, error_reason = NULL, updated_at = now()
              WHERE id = $1`,
            [delivery.id, outcome.providerId, outcome.providerStatus],
          );
        });
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
