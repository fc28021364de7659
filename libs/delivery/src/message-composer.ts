import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type Channel, defaultTemplate, emailHtmlFromText, formatMeetingTime, type MessageKind, MESSAGE_KINDS, type MessageTemplate, renderMessage } from '@continuum/domain';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { bodyDigest, type CalendarPart } from '@continuum/messaging';
import { type DeliveryEntity, MessageTemplateEntity } from '@continuum/persistence';
import type { RecipientInfo } from './send-facts';

/** A message ready for its transport. Lives in memory only: never in Redis, never in a log. */
export interface RenderedMessage {
  channel: Channel;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  /** SHA-256 of `text`, kept on the delivery to recognise the message at the provider later. */
  digest: string;
  /** Email only: the calendar invitation or cancellation the message carries. */
  calendar: CalendarPart | null;
}

const UNSUBSCRIBE_TTL_SECONDS = 180 * 86_400;
const UNSUBSCRIBE_FOOTER = {
  en: 'To stop receiving these emails:',
  es: 'Para dejar de recibir estos correos:',
} as const;

/** The SMTP Message-ID of a delivery: fixed, so a resend after an unknown outcome is the same message. */
export function messageIdOf(deliveryId: string, config: Pick<AppConfig, 'PUBLIC_BASE_URL'>): string {
  return `<${deliveryId}@${hostOf(config.PUBLIC_BASE_URL)}>`;
}

/** The host of a base URL, parsed once per URL (every message of a send asks). */
const hosts = new Map<string, string>();
function hostOf(baseUrl: string): string {
  let host = hosts.get(baseUrl);
  if (host === undefined) {
    host = new URL(baseUrl).hostname;
    hosts.set(baseUrl, host);
  }
  return host;
}

/**
 * Makes the `{{link}}` of one message at send time (a fresh signed token), for the feature that
 * owns the message kind. Registered at boot, like inbound handlers.
 */
export type LinkProvider = (manager: EntityManager, row: DeliveryEntity) => Promise<string>;

/** The graduate a message to a person is about: every delivery but a staff digest has one. */
export function graduateOf(row: Pick<DeliveryEntity, 'id' | 'graduateId'>): string {
  if (!row.graduateId) throw new Error(`delivery ${row.id} has no graduate`);
  return row.graduateId;
}

/** Makes the calendar part of an email of one kind (a meeting invitation's `.ics`), or null for none. */
export type CalendarProvider = (manager: EntityManager, row: DeliveryEntity, recipient: RecipientInfo) => Promise<CalendarPart | null>;

/** Picks the organisation's template (or the default), fills it in, and adds what email needs. */
@Injectable()
export class MessageComposer {
  private readonly linkProviders = new Map<string, LinkProvider>();
  private readonly calendarProviders = new Map<string, CalendarProvider>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: LinkTokens,
  ) {}

  registerLinkProvider(kind: MessageKind, provider: LinkProvider): void {
    if (this.linkProviders.has(kind)) throw new Error(`link provider for "${kind}" registered twice`);
    this.linkProviders.set(kind, provider);
  }

  registerCalendarProvider(kind: MessageKind, provider: CalendarProvider): void {
    if (this.calendarProviders.has(kind)) throw new Error(`calendar provider for "${kind}" registered twice`);
    this.calendarProviders.set(kind, provider);
  }

  /** `own` is the organisation's template when the caller has read it already (null: it has none). */
  async compose(manager: EntityManager, row: DeliveryEntity, recipient: RecipientInfo, own?: MessageTemplate | null): Promise<RenderedMessage> {
    if (!(MESSAGE_KINDS as readonly string[]).includes(row.kind)) throw new Error(`unknown message kind ${row.kind}`);
    const template =
      own === undefined
        ? await this.templateFor(manager, row.organisationId, row.kind as MessageKind, row.channel, recipient.language)
        : (own ?? defaultTemplate(row.kind as MessageKind, row.channel, recipient.language));
    const provider = this.linkProviders.get(row.kind);
    const variables = {
      crisisLine: '988',
      ...row.variables,
      // An instant (a meeting's start) is written by its producer once and worded here for each
      // recipient, in their own zone and language.
      ...(row.variables.startsAtIso ? { startsAt: formatMeetingTime(new Date(row.variables.startsAtIso), recipient.timezone, recipient.language) } : {}),
      ...(provider ? { link: await provider(manager, row) } : {}),
      firstName: recipient.firstName,
      organisationName: recipient.organisationName,
    };
    const rendered = renderMessage(row.channel, template, variables);
    const base = { channel: row.channel, to: recipient.address ?? '', messageId: messageIdOf(row.id, this.config) };
    if (row.channel === 'sms') {
      return { ...base, subject: '', text: rendered.text, html: '', headers: {}, digest: bodyDigest(rendered.text), calendar: null };
    }
    if (row.staffUserId) {
      // A page to staff is work mail: no unsubscribe link (being on call is changed in Continuum).
      const html = emailHtmlFromText(rendered.text);
      return { ...base, subject: rendered.subject ?? '', text: rendered.text, html, headers: {}, digest: bodyDigest(rendered.text), calendar: null };
    }
    const { token } = await this.links.issue(
      {
        organisationId: row.organisationId,
        purpose: LinkPurpose.Unsubscribe,
        subjectId: graduateOf(row),
        claims: { channel: row.channel, purpose: row.purpose, ...(row.contactId ? { contactId: row.contactId } : {}) },
        ttlSeconds: UNSUBSCRIBE_TTL_SECONDS,
        singleUse: false,
      },
      manager,
    );
    const unsubscribeUrl = `${this.config.PUBLIC_BASE_URL}/unsubscribe/${token}`;
    const calendar = (await this.calendarProviders.get(row.kind)?.(manager, row, recipient)) ?? null;
    const text = `${rendered.text}\n\n${UNSUBSCRIBE_FOOTER[recipient.language]} ${unsubscribeUrl}`;
    return {
      ...base,
      subject: rendered.subject ?? '',
      text,
      html: emailHtmlFromText(text),
      // RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL.
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      digest: bodyDigest(text),
      calendar,
    };
  }

  async templateFor(manager: EntityManager, organisationId: string, kind: MessageKind, channel: Channel, language: 'en' | 'es'): Promise<MessageTemplate> {
    const own = await manager.findOneBy(MessageTemplateEntity, { organisationId, kind, channel, language });
    return own ? { subject: own.subject, body: own.body } : defaultTemplate(kind, channel, language);
  }
}
