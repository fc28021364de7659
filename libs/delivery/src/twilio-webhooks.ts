import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { classifyInbound, recipientOf } from '@continuum/domain';
import { ConsentRecordEntity, ContactEntity, GraduateEntity, OrganisationEntity } from '@continuum/persistence';
import { ConsentService } from '@continuum/people';
import { ChannelFallback } from './channel-fallback';
import { optOut } from './delivery-cancellation';
import { DeliveryScheduler, type ScheduledDelivery } from './delivery-scheduler';
import { InboundRouter } from './inbound-router';

/** Twilio's message statuses mapped onto ours, by how far along they are. */
const STATUS_MAP: Record<string, { status: 'sent' | 'delivered' | 'failed'; final: boolean }> = {
  accepted: { status: 'sent', final: false },
  queued: { status: 'sent', final: false },
  sending: { status: 'sent', final: false },
  sent: { status: 'sent', final: false },
  delivered: { status: 'delivered', final: true },
  read: { status: 'delivered', final: true },
  undelivered: { status: 'failed', final: true },
  failed: { status: 'failed', final: true },
};

/** How far along each of our statuses is; a callback only ever moves a delivery forward. */
const RANK_SQL = `CASE status WHEN 'pending' THEN 0 WHEN 'submitting' THEN 1 WHEN 'unknown' THEN 1 WHEN 'sent' THEN 2 ELSE 3 END`;

interface Person {
  organisationId: string;
  graduateId: string;
  contactId: string | null;
}

/** Status callbacks and inbound texts from Twilio, after the controller has checked their signature. */
@Injectable()
export class TwilioWebhooks {
  private readonly logger = new Logger(TwilioWebhooks.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly router: InboundRouter,
    private readonly fallback: ChannelFallback,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  /**
   * Callbacks repeat and arrive out of order: each (MessageSid, status) is applied once, and a
   * delivery never moves backwards (a late `sent` after `delivered` changes nothing).
   */
  async status(event: { messageSid: string; status: string; errorCode: string | null; deliveryId: string | null }): Promise<'applied' | 'duplicate' | 'ignored'> {
    const mapped = STATUS_MAP[event.status];
    if (!mapped) return 'ignored';
    const replacements: ScheduledDelivery[] = [];
    const result = await this.dataSource.transaction(async (manager): Promise<'applied' | 'duplicate'> => {
      const first: { id: string }[] = await manager.query(
        `INSERT INTO provider_event (provider, kind, provider_id, status, error_code) VALUES ('twilio', 'status', $1, $2, $3)
         ON CONFLICT (provider, kind, provider_id, status) DO NOTHING RETURNING id`,
        [event.messageSid, event.status, event.errorCode],
      );
      if (first.length === 0) return 'duplicate';
      const newRank = mapped.status === 'sent' ? 2 : 3;
      const [moved]: [{ id: string; status: string }[], number] = await manager.query(
        `UPDATE delivery SET status = $3, provider_status = $4, provider_id = coalesce(provider_id, $1),
                error_code = CASE WHEN $3 = 'failed' THEN coalesce($5, 'UNDELIVERED') ELSE error_code END,
                error_reason = CASE WHEN $3 = 'failed' THEN 'reported ' || $4 || ' by Twilio' ELSE error_reason END,
                finished_at = CASE WHEN $6 THEN now() ELSE finished_at END, updated_at = now()
          WHERE (provider_id = $1 OR ($2::uuid IS NOT NULL AND id = $2::uuid AND provider_id IS NULL))
            AND status <> 'cancelled' AND ${RANK_SQL} < $7
          RETURNING id, status`,
        [event.messageSid, event.deliveryId, mapped.status, event.status, event.errorCode, mapped.final, newRank],
      );
      // Undelivered because of the number (a landline, unreachable): the same message by email, when allowed.
      for (const row of moved.filter((m) => m.status === 'failed')) replacements.push(...(await this.fallback.afterFailure(manager, row.id)));
      return 'applied';
    });
    await this.scheduler.enqueue(replacements);
    return result;
  }

  /** A text to our number. Returns what to text back, if anything. */
  async inbound(message: { messageSid: string; from: string; to: string | null; body: string }): Promise<{ reply: string | null }> {
    const handled = await this.dataSource.transaction(async (manager): Promise<{ reply: string | null; after?: () => Promise<void> }> => {
      // INSERT … RETURNING answers with the rows themselves (UPDATE answers [rows, count]).
      const stored: { id: string }[] = await manager.query(
        `INSERT INTO inbound_message (provider_id, from_address, to_address, body, handled_as) VALUES ($1, $2, $3, $4, 'received')
         ON CONFLICT (provider_id) DO NOTHING RETURNING id`,
        [message.messageSid, message.from, message.to, message.body],
      );
      const row = stored[0];
      if (!row) return { reply: null };
      const people = await this.peopleWithPhone(manager, message.from);
      const keyword = classifyInbound(message.body);
      let handledAs: string = keyword.kind;
      let reply: string | null = null;
      let after: (() => Promise<void>) | undefined;
      if (people.length === 0) {
        handledAs = 'unknown_sender';
      } else if (keyword.kind === 'stop') {
        for (const person of people) {
          await optOut(manager, this.consent, { ...person, channel: 'sms', method: 'sms_keyword', reason: 'opted_out' });
        }
        // Twilio answers its own STOP words; a plain-language request gets our confirmation.
        if (keyword.plainLanguage) reply = 'You will not get more texts from us. Reply START to receive them again.';
      } else if (keyword.kind === 'start') {
        for (const person of people) await this.optBackIn(manager, person);
      } else if (keyword.kind === 'help') {
        reply = await this.helpText(manager, people[0].organisationId);
      } else {
        // A shared phone (a couple, a family) can belong to several people: the first whose
        // feature is waiting for a reply (an open check-in, an invitation) takes it.
        for (const phase of ['waiting', 'fallback'] as const) {
          // Nobody waiting: the first person (a graduate before a contact) gets it in their conversation.
          for (const person of phase === 'waiting' ? people : people.slice(0, 1)) {
            const routed = await this.router.route({ ...person, body: message.body, receivedAt: new Date() }, manager, phase);
            handledAs = routed.handledAs;
            reply = routed.reply ?? null;
            after = routed.after;
            if (routed.handledAs !== 'unrouted') break;
          }
          if (handledAs !== 'unrouted') break;
        }
      }
      await manager.query('UPDATE inbound_message SET handled_as = $2 WHERE id = $1', [row.id, handledAs]);
      this.logger.log({ inboundId: row.id, handledAs }, 'inbound text handled');
      return { reply, after };
    });
    await handled.after?.();
    return { reply: handled.reply };
  }

  private async peopleWithPhone(manager: EntityManager, phone: string): Promise<Person[]> {
    const graduates = await manager.find(GraduateEntity, { select: { id: true, organisationId: true }, where: { phone } });
    const contacts = await manager.find(ContactEntity, { select: { id: true, organisationId: true, graduateId: true, archivedAt: true }, where: { phone } });
    return [
      ...graduates.map((g) => ({ organisationId: g.organisationId, graduateId: g.id, contactId: null })),
      ...contacts.filter((c) => c.archivedAt === null).map((c) => ({ organisationId: c.organisationId, graduateId: c.graduateId, contactId: c.id })),
    ];
  }

  /** START restores what a STOP took away: each purpose whose latest SMS record is a keyword revocation. */
  private async optBackIn(manager: EntityManager, person: Person): Promise<void> {
    const history = await manager.find(ConsentRecordEntity, {
      where: { organisationId: person.organisationId, graduateId: person.graduateId, channel: 'sms' },
      order: { seq: 'DESC' },
    });
    const mine = history.filter((r) => r.contactId === person.contactId);
    const purposes = [...new Set(mine.map((r) => r.purpose))];
    for (const purpose of purposes) {
      const records = mine.filter((r) => r.purpose === purpose);
      const [latest] = records;
      const lastGrant = records.find((r) => r.decision === 'granted');
      if (!latest || latest.decision !== 'revoked' || latest.method !== 'sms_keyword' || !lastGrant) continue;
      if (lastGrant.expiresAt && lastGrant.expiresAt.getTime() <= Date.now()) continue;
      await this.consent.append(
        { ...person, recipient: recipientOf(person.contactId) },
        {
          channel: 'sms',
          purpose,
          decision: 'granted',
          method: 'sms_keyword',
          description: lastGrant.description,
          shownText: `Replied START to receive texts again, restoring the consent given earlier: ${lastGrant.shownText ?? ''}`.slice(0, 4000),
          expiresAt: lastGrant.expiresAt,
        },
        manager,
      );
    }
  }

  private async helpText(manager: EntityManager, organisationId: string): Promise<string> {
    const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: organisationId });
    const call = organisation.helpPhone ? ` For help, call ${organisation.helpPhone}.` : '';
    return `${organisation.name}:${call} Reply STOP to opt out. If you are in crisis, call or text 988.`;
  }
}
