import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type ConsentDecision, type GraduateStatus, isConsentActive, type Language, type MessageTemplate } from '@continuum/domain';
import { type DeliveryEntity, ORG_SEND_COUNT_SHARDS, preparedQuery } from '@continuum/persistence';
import { latestConsentSql } from '@continuum/people';
import type { SendFacts, SendSettings } from './send-decision';

/** Who a message goes to, as known at send time (names and addresses are read now, not when it was scheduled). */
export interface RecipientInfo {
  address: string | null;
  firstName: string;
  language: Language;
  timezone: string;
  organisationName: string;
  organisationHelpPhone: string | null;
}

const WEEK_MS = 7 * 86_400_000;

/** Reads, in the claim's transaction, every fact the send rules look at. */
@Injectable()
export class SendFactsReader {
  readonly settings: SendSettings;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = {
      quietHours: { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END },
      caps: {
        sms: { perDay: config.SMS_PER_DAY, perWeek: config.SMS_PER_WEEK },
        email: { perDay: config.EMAIL_PER_DAY, perWeek: config.EMAIL_PER_WEEK },
      },
      orgDailyCap: config.ORG_DAILY_SEND_CAP,
    };
  }

  /**
   * One round trip for many deliveries: per delivery, the graduate (or contact, or staff member),
   * the organisation, the deciding consent record, the recipient's routine sends of the last week,
   * the organisation's sends today (from the sharded counter `countSendSql` feeds) and the
   * organisation's own template, if any. Answers in the order of `rows`; a delivery whose graduate
   * is not in its organisation gets an Error of its own, the others are unaffected.
   */
  async read(manager: EntityManager, rows: readonly DeliveryEntity[], now: Date): Promise<(Facts | Error)[]> {
    const found = await preparedQuery<FactsRow>(
      manager,
      'delivery-send-facts',
      `SELECT r.ord, g.status AS graduate_status, g.phone AS g_phone, g.email AS g_email, g.language AS g_language, g.timezone AS g_timezone,
              g.first_name, g.preferred_name, g.contact_hours_start, g.contact_hours_end,
              c.id AS c_id, c.name AS c_name, c.phone AS c_phone, c.email AS c_email, c.language AS c_language,
              c.timezone AS c_timezone, c.archived_at AS c_archived_at,
              o.name AS organisation_name, o.help_phone AS organisation_help_phone, o.timezone AS organisation_timezone,
              su.id AS s_id, su.display_name AS s_name, su.phone AS s_phone, su.email AS s_email, su.disabled_at AS s_disabled_at,
              consent.decision AS consent_decision, consent.expires_at AS consent_expires_at,
              ARRAY(SELECT d.submitted_at FROM delivery d
                     WHERE d.graduate_id = g.id AND d.contact_id IS NOT DISTINCT FROM r.contact_id AND d.channel = r.channel
                       AND d.submitted_at > $9 AND d.id <> r.id AND d.priority = 'routine'
                       AND d.status IN ('submitting', 'unknown', 'sent', 'delivered')) AS recent,
              (SELECT coalesce(sum(s.sent), 0) FROM org_send_count s WHERE s.organisation_id = o.id AND s.day = $10) AS org_sent_today,
              t.subject AS t_subject, t.body AS t_body
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[])
                WITH ORDINALITY AS r(id, organisation_id, graduate_id, contact_id, staff_user_id, channel, purpose, kind, ord)
         JOIN organisation o ON o.id = r.organisation_id
         LEFT JOIN graduate g ON g.id = r.graduate_id AND g.organisation_id = o.id
         LEFT JOIN contact c ON c.id = r.contact_id AND c.organisation_id = o.id AND c.graduate_id = g.id
         LEFT JOIN staff_user su ON su.id = r.staff_user_id AND su.organisation_id = o.id
         LEFT JOIN LATERAL (${latestConsentSql({ organisationId: 'r.organisation_id', graduateId: 'r.graduate_id', contactId: 'r.contact_id', channel: 'r.channel', purpose: 'r.purpose' })}) consent ON true
         LEFT JOIN message_template t
                ON t.organisation_id = o.id AND t.kind = r.kind AND t.channel = r.channel
               AND t.language = CASE WHEN r.staff_user_id IS NULL THEN coalesce(c.language, g.language) ELSE 'en' END
        WHERE g.id IS NOT NULL OR r.graduate_id IS NULL`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.organisationId),
        rows.map((row) => row.graduateId),
        rows.map((row) => row.contactId),
        rows.map((row) => row.staffUserId),
        rows.map((row) => row.channel),
        rows.map((row) => row.purpose),
        rows.map((row) => row.kind),
        new Date(now.getTime() - WEEK_MS),
        utcDay(now),
      ],
    );
    const byOrdinal = new Map(found.map((r) => [Number(r.ord), r]));
    return rows.map((row, index) => {
      const r = byOrdinal.get(index + 1);
      return r ? this.factsOf(row, r, now) : new Error(`delivery ${row.id}: its graduate is not in its organisation`);
    });
  }

  private factsOf(row: DeliveryEntity, r: FactsRow, now: Date): Facts {
    const who = row.staffUserId ? staffRecipient(row, r) : personRecipient(row, r, now);
    return {
      facts: {
        now,
        channel: row.channel,
        priority: row.priority,
        notAfter: row.notAfter,
        recipient: {
          staff: row.staffUserId !== null,
          graduateStatus: r.graduate_status,
          present: who.present,
          address: who.address,
          timezone: who.timezone,
          contactHours: who.contactHours,
        },
        consentActive: who.consentActive,
        recentSends: who.recentSends,
        orgSentToday: Number(r.org_sent_today),
        settings: this.settings,
      },
      recipient: {
        address: who.address,
        firstName: who.firstName,
        language: who.language,
        timezone: who.timezone,
        organisationName: r.organisation_name,
        organisationHelpPhone: r.organisation_help_phone,
      },
      template: r.t_body !== null ? { subject: r.t_subject, body: r.t_body } : null,
    };
  }
}

/** What differs between recipients: who they are, where they are, and whether we may write to them. */
interface Who {
  present: boolean;
  address: string | null;
  timezone: string;
  contactHours: SendFacts['recipient']['contactHours'];
  consentActive: boolean;
  /** Routine sends that count against the recipient's caps (none for staff: the week's query is the graduate's). */
  recentSends: Date[];
  firstName: string;
  language: Language;
}

/** The graduate, or one of their contacts: their own address, zone and language, and their consent. */
function personRecipient(row: DeliveryEntity, r: FactsRow, now: Date): Who {
  const forContact = row.contactId !== null;
  const address = row.channel === 'sms' ? (forContact ? r.c_phone : r.g_phone) : forContact ? r.c_email : r.g_email;
  return {
    present: forContact ? r.c_id !== null && r.c_archived_at === null : true,
    address: address ?? null,
    timezone: (forContact ? r.c_timezone : null) ?? r.g_timezone,
    // Contact hours are the graduate's own choice; contacts have none yet.
    contactHours: !forContact && r.contact_hours_start && r.contact_hours_end ? { start: r.contact_hours_start, end: r.contact_hours_end } : null,
    recentSends: r.recent.map((at) => new Date(at)),
    consentActive: isConsentActive(r.consent_decision ? { decision: r.consent_decision as ConsentDecision, expiresAt: r.consent_expires_at } : null, now),
    firstName: forContact ? (r.c_name ?? '').split(/\s+/)[0] : (r.preferred_name ?? r.first_name),
    language: ((forContact ? r.c_language : null) ?? r.g_language) as Language,
  };
}

/** A staff member paged about the graduate: their own address, the organisation's zone, no consent. */
function staffRecipient(row: DeliveryEntity, r: FactsRow): Who {
  return {
    present: r.s_id !== null && r.s_disabled_at === null,
    address: (row.channel === 'sms' ? r.s_phone : r.s_email) ?? null,
    timezone: r.organisation_timezone,
    contactHours: null,
    consentActive: true,
    recentSends: [],
    firstName: (r.s_name ?? '').split(/\s+/)[0],
    language: 'en',
  };
}

/**
 * Counts claimed sends towards their organisation's day (the figure `read` returns as
 * `orgSentToday`), on one of a few shards picked at random so that concurrent claims seldom queue
 * on one row. `claimed` names a relation with an `organisation_id` column (the claim's CTE), one
 * row per claimed send, of any number of organisations.
 */
export function countSendSql(claimed: string, dayParam: string, shardParam: string): string {
  return `INSERT INTO org_send_count (organisation_id, day, shard, sent)
          SELECT organisation_id, ${dayParam}::date, ${shardParam}::smallint, count(*) FROM ${claimed} GROUP BY organisation_id
          ON CONFLICT (organisation_id, day, shard) DO UPDATE SET sent = org_send_count.sent + excluded.sent`;
}

/** The UTC calendar day of an instant, as the counter keys it. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A random shard of the organisation's daily counter. */
export function randomShard(): number {
  return Math.floor(Math.random() * ORG_SEND_COUNT_SHARDS);
}

export interface Facts {
  facts: SendFacts;
  recipient: RecipientInfo;
  template: MessageTemplate | null;
}

interface FactsRow {
  ord: string;
  graduate_status: GraduateStatus;
  g_phone: string | null;
  g_email: string | null;
  g_language: string;
  g_timezone: string;
  first_name: string;
  preferred_name: string | null;
  contact_hours_start: string | null;
  contact_hours_end: string | null;
  c_id: string | null;
  c_name: string | null;
  c_phone: string | null;
  c_email: string | null;
  c_language: string | null;
  c_timezone: string | null;
  c_archived_at: Date | null;
  organisation_name: string;
  organisation_help_phone: string | null;
  organisation_timezone: string;
  s_id: string | null;
  s_name: string | null;
  s_phone: string | null;
  s_email: string | null;
  s_disabled_at: Date | null;
  consent_decision: string | null;
  consent_expires_at: Date | null;
  recent: Date[];
  org_sent_today: string;
  t_subject: string | null;
  t_body: string | null;
}
