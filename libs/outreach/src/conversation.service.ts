import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Channel, CONVERSATION_OPEN_HOURS, DomainError, DomainErrorCode, type ErrorDetail, findSensitiveWords, MAX_REPLY_LENGTH, MessageKind } from '@continuum/domain';
import { DeliveryScheduler, InboundRouter, type InboundHandlerResult, type InboundReply } from '@continuum/delivery';
import { type Actor, AuditService, findGraduate, type Page } from '@continuum/people';
import { appendEngagementEvents, ConversationMessageEntity } from '@continuum/persistence';

export interface ConversationMessageView {
  id: string;
  direction: 'in' | 'out';
  /** The family contact who wrote, when it was not the graduate. */
  contactId: string | null;
  body: string;
  staffUserId: string | null;
  /** For a reply: where its delivery stands (pending, sent, held for quiet hours...). */
  deliveryStatus: string | null;
  createdAt: string;
}

export interface ReplyInput {
  body: string;
  channel?: Channel;
  /** A coordinator may name things plainly on purpose; by default a word that could reveal treatment is refused. */
  allowPlainWording?: boolean;
}

/**
 * Two-way conversation. A text from a graduate (or their family contact) that no feature was
 * waiting for (not a check-in answer, an RSVP, a room code, a keyword) lands in the graduate's
 * thread instead of being dropped; a coordinator reads it and answers from the API. The answer is
 * a delivery like any other, with its consent and quiet-hour rules; inside a conversation the
 * graduate opened in the last 24 hours, the recipient's caps do not hold it.
 */
@Injectable()
export class ConversationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly router: InboundRouter,
    private readonly deliveries: DeliveryScheduler,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // A fallback: every feature that waits for a reply of its own, for everyone sharing the phone, is asked first.
    this.router.register('conversation', (reply, manager) => this.receive(reply, manager), 1_000, { fallback: true });
  }

  private async receive(reply: InboundReply, manager: EntityManager): Promise<InboundHandlerResult> {
    const body = reply.body.trim();
    if (!body) return { handled: false };
    const saved = await manager.save(
      manager.create(ConversationMessageEntity, { organisationId: reply.organisationId, graduateId: reply.graduateId, contactId: reply.contactId, direction: 'in', body }),
    );
    if (!reply.contactId) {
      await appendEngagementEvents(manager, [
        { organisationId: reply.organisationId, graduateId: reply.graduateId, kind: 'message.received', refId: saved.id, payload: { channel: 'sms' }, occurredAt: reply.receivedAt },
      ]);
    }
    return { handled: true };
  }

  async thread(actor: Actor, graduateId: string, page: number, pageSize: number): Promise<Page<ConversationMessageView>> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM conversation_message WHERE graduate_id = $1 AND organisation_id = $2`, [
      graduateId,
      actor.organisationId,
    ]);
    const rows: { id: string; direction: 'in' | 'out'; contact_id: string | null; body: string; staff_user_id: string | null; status: string | null; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT m.id, m.direction, m.contact_id, m.body, m.staff_user_id, d.status, m.created_at
           FROM conversation_message m LEFT JOIN delivery d ON d.id = m.delivery_id
          WHERE m.graduate_id = $1 AND m.organisation_id = $2 ORDER BY m.created_at DESC, m.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        [graduateId, actor.organisationId],
      );
    await this.audit.record(actor, 'conversation.read', { type: 'graduate', id: graduateId });
    return {
      items: rows.map((r) => ({
        id: r.id,
        direction: r.direction,
        contactId: r.contact_id,
        body: r.body,
        staffUserId: r.staff_user_id,
        deliveryStatus: r.status,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      page,
      pageSize,
      total,
    };
  }

  async reply(actor: Actor, graduateId: string, input: ReplyInput, now = new Date()): Promise<ConversationMessageView> {
    const body = input.body.trim();
    const problems: ErrorDetail[] = [];
    if (!body) problems.push({ field: 'body', reason: 'must not be empty' });
    if (body.length > MAX_REPLY_LENGTH) problems.push({ field: 'body', reason: `must be at most ${MAX_REPLY_LENGTH} characters` });
    if (!input.allowPlainWording) {
      for (const word of findSensitiveWords(body)) {
        problems.push({ field: 'body', reason: `uses the word "${word}", which could reveal treatment to anyone who sees the screen; reword it or set allowPlainWording` });
      }
    }
    const { saved, deliveries } = await this.dataSource.transaction(async (manager) => {
      const graduate = await findGraduate(manager, actor.organisationId, graduateId);
      const channel = input.channel ?? (graduate.phone ? 'sms' : 'email');
      if ((channel === 'sms' && !graduate.phone) || (channel === 'email' && !graduate.email)) {
        problems.push({ field: 'channel', reason: `the graduate has no ${channel === 'sms' ? 'phone number' : 'email address'}` });
      }
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Reply not sent', problems);
      const open: unknown[] = await manager.query(
        `SELECT 1 FROM conversation_message WHERE graduate_id = $1 AND direction = 'in' AND contact_id IS NULL AND created_at > $2::timestamptz - make_interval(hours => $3) LIMIT 1`,
        [graduateId, now, CONVERSATION_OPEN_HOURS],
      );
      const saved = await manager.save(
        manager.create(ConversationMessageEntity, { organisationId: actor.organisationId, graduateId, contactId: null, direction: 'out', body, staffUserId: actor.userId }),
      );
      const deliveries = await this.deliveries.add(manager, [
        {
          organisationId: actor.organisationId,
          graduateId,
          channel,
          // The graduate's consent to hear from us by this channel: check-ins are what it covers.
          purpose: 'check_ins',
          kind: MessageKind.ConversationReply,
          priority: open.length ? 'conversation' : 'routine',
          idempotencyKey: `reply:${saved.id}`,
          variables: { message: body },
          dueAt: now,
        },
      ]);
      await manager.update(ConversationMessageEntity, { id: saved.id }, { deliveryId: deliveries[0].id });
      await this.audit.record(actor, 'conversation.reply', { type: 'graduate', id: graduateId }, {}, manager);
      return { saved, deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return { id: saved.id, direction: 'out', contactId: null, body, staffUserId: actor.userId, deliveryStatus: 'pending', createdAt: saved.createdAt.toISOString() };
  }
}
