import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Channel, DomainError, DomainErrorCode, MessageKind, NotFoundError } from '@continuum/domain';
import { DeliveryEntity, type DeliveryStatus, GraduateEntity, OutboxMessageEntity } from '@continuum/persistence';
import type { Actor } from '@continuum/people';
import { DeliveryScheduler } from './delivery-scheduler';

export interface DeliveryView {
  id: string;
  /** Null for a message to staff about no one graduate (the daily digest). */
  graduateId: string | null;
  contactId: string | null;
  /** Set when the message went to a staff member (an alert page, the digest) rather than the graduate or a contact. */
  staffUserId: string | null;
  channel: Channel;
  purpose: string;
  kind: string;
  priority: string;
  status: DeliveryStatus;
  dueAt: string;
  sendAfter: string;
  attempts: number;
  transport: string | null;
  providerId: string | null;
  providerStatus: string | null;
  errorCode: string | null;
  errorReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface OutboxMessageView {
  id: string;
  deliveryId: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  headers: Record<string, string>;
  createdAt: string;
}

/** What staff see of the engine: deliveries and their states, the local outbox, a test message. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  async list(actor: Actor, query: { graduateId?: string; status?: DeliveryStatus; limit: number; before?: string }): Promise<DeliveryView[]> {
    const qb = this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .where('d.organisation_id = :organisationId', { organisationId: actor.organisationId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(query.limit);
    if (query.graduateId) qb.andWhere('d.graduate_id = :graduateId', { graduateId: query.graduateId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.before) qb.andWhere('d.created_at < :before', { before: new Date(query.before) });
    return (await qb.getMany()).map(toDeliveryView);
  }

  async get(actor: Actor, id: string): Promise<DeliveryView> {
    const row = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ organisationId: actor.organisationId, id });
    if (!row) throw new NotFoundError('Delivery');
    return toDeliveryView(row);
  }

  async outbox(actor: Actor, query: { limit: number }): Promise<OutboxMessageView[]> {
    const rows = await this.dataSource.getRepository(OutboxMessageEntity).find({
      where: { organisationId: actor.organisationId },
      order: { createdAt: 'DESC' },
      take: query.limit,
    });
    return rows.map((m) => ({
      id: m.id,
      deliveryId: m.deliveryId,
      channel: m.channel,
      to: m.toAddress,
      subject: m.subject,
      body: m.body,
      headers: m.headers,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  /** A neutral test message through the whole engine (rules, consent, quiet hours and all). */
  async sendTest(actor: Actor, graduateId: string, channel: Channel): Promise<DeliveryView> {
    const graduate = await this.dataSource.getRepository(GraduateEntity).findOneBy({ organisationId: actor.organisationId, id: graduateId });
    if (!graduate) throw new NotFoundError('Graduate');
    if ((channel === 'sms' && !graduate.phone) || (channel === 'email' && !graduate.email)) {
      throw new DomainError(DomainErrorCode.Invalid, 'No address for this channel', [
        { field: 'channel', reason: `the graduate has no ${channel === 'sms' ? 'phone number' : 'email address'}` },
      ]);
    }
    const [scheduled] = await this.scheduler.schedule([
      {
        organisationId: actor.organisationId,
        graduateId,
        channel,
        purpose: 'check_ins',
        kind: MessageKind.DeliveryTest,
        idempotencyKey: `test:${randomUUID()}`,
        dueAt: new Date(),
      },
    ]);
    return this.get(actor, scheduled.id);
  }
}

export function toDeliveryView(d: DeliveryEntity): DeliveryView {
  return {
    id: d.id,
    graduateId: d.graduateId,
    contactId: d.contactId,
    staffUserId: d.staffUserId,
    channel: d.channel,
    purpose: d.purpose,
    kind: d.kind,
    priority: d.priority,
    status: d.status,
    dueAt: d.dueAt.toISOString(),
    sendAfter: d.sendAfter.toISOString(),
    attempts: d.attempts,
    transport: d.transport,
    providerId: d.providerId,
    providerStatus: d.providerStatus,
    errorCode: d.errorCode,
    errorReason: d.errorReason,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt ? d.finishedAt.toISOString() : null,
  };
}
