import type { DataSource } from 'typeorm';
import type { EmailTransport, OutgoingEmail, OutgoingSms, ProviderRecord, SendOutcome, SmsTransport } from '@continuum/messaging';
import { OutboxMessageEntity } from '@continuum/persistence';

/**
 * The default transport when no credentials are configured: keeps the message in Postgres
 * (listed at GET /outbox) and sends nothing anywhere. One row per delivery, so a repeat is a no-op.
 */
abstract class OutboxTransport {
  readonly name = 'outbox';

  constructor(
    protected readonly dataSource: DataSource,
    private readonly organisationOf: (deliveryId: string) => Promise<string>,
  ) {}

  protected async keep(
    deliveryId: string,
    message: Pick<OutboxMessageEntity, 'channel' | 'toAddress' | 'subject' | 'body' | 'headers' | 'calendar'>,
  ): Promise<SendOutcome> {
    const organisationId = await this.organisationOf(deliveryId);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageEntity)
      .values({ deliveryId, organisationId, ...message })
      .orIgnore()
      .execute();
    const kept = await this.lookup(deliveryId);
    if (!kept) return { kind: 'unknown', code: 'OUTBOX', reason: 'outbox row missing after insert' };
    return { kind: 'accepted', ...kept };
  }

  protected async lookup(deliveryId: string): Promise<ProviderRecord | null> {
    const row = await this.dataSource.getRepository(OutboxMessageEntity).findOneBy({ deliveryId });
    return row ? { providerId: row.id, providerStatus: 'delivered' } : null;
  }
}

export class OutboxSmsTransport extends OutboxTransport implements SmsTransport {
  send(message: OutgoingSms): Promise<SendOutcome> {
    return this.keep(message.deliveryId, { channel: 'sms', toAddress: message.to, subject: null, body: message.body, headers: {}, calendar: null });
  }

  find(query: { deliveryId: string }): Promise<ProviderRecord | null> {
    return this.lookup(query.deliveryId);
  }
}

export class OutboxEmailTransport extends OutboxTransport implements EmailTransport {
  send(message: OutgoingEmail): Promise<SendOutcome> {
    return this.keep(message.deliveryId, {
      channel: 'email',
      toAddress: message.to,
      subject: message.subject,
      body: message.text,
      headers: { ...message.headers, 'Message-ID': message.messageId },
      calendar: message.calendar?.content ?? null,
    });
  }

  find(query: { deliveryId: string }): Promise<ProviderRecord | null> {
    return this.lookup(query.deliveryId);
  }
}
