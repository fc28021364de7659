import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type Language, recipientOf } from '@continuum/domain';
import { ContactEntity, type DeliveryEntity, GraduateEntity, OrganisationEntity } from '@continuum/persistence';
import { ConsentService } from '@continuum/people';
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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly consent: ConsentService,
  ) {
    this.settings = {
      quietHours: { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END },
      caps: {
        sms: { perDay: config.SMS_PER_DAY, perWeek: config.SMS_PER_WEEK },
        email: { perDay: config.EMAIL_PER_DAY, perWeek: config.EMAIL_PER_WEEK },
      },
      orgDailyCap: config.ORG_DAILY_SEND_CAP,
    };
  }

  async read(manager: EntityManager, row: DeliveryEntity, now: Date): Promise<{ facts: SendFacts; recipient: RecipientInfo }> {
    const graduate = await manager.findOneByOrFail(GraduateEntity, { id: row.graduateId, organisationId: row.organisationId });
    const contact = row.contactId ? await manager.findOneBy(ContactEntity, { id: row.contactId, organisationId: row.organisationId }) : null;
    const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: row.organisationId });
    const person = contact ?? graduate;
    const address = row.channel === 'sms' ? person.phone : person.email;
    const consentActive = await this.consent.isActive(
      {
        organisationId: row.organisationId,
        graduateId: row.graduateId,
        recipient: recipientOf(row.contactId),
        channel: row.channel,
        purpose: row.purpose,
      },
      now,
      manager,
    );
    const recent: { submitted_at: Date }[] = await manager.query(
      `SELECT submitted_at FROM delivery
        WHERE graduate_id = $1 AND ${row.contactId ? 'contact_id = $5' : 'contact_id IS NULL'} AND channel = $2
          AND submitted_at > $3 AND id <> $4 AND priority = 'routine'
          AND status IN ('submitting', 'unknown', 'sent', 'delivered')`,
      [row.graduateId, row.channel, new Date(now.getTime() - WEEK_MS), row.id, ...(row.contactId ? [row.contactId] : [])],
    );
    const [{ count }]: { count: string }[] = await manager.query(
      `SELECT count(*) FROM delivery WHERE organisation_id = $1 AND submitted_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [row.organisationId, now],
    );
    const timezone = contact?.timezone ?? graduate.timezone;
    return {
      facts: {
        now,
        channel: row.channel,
        priority: row.priority,
        notAfter: row.notAfter,
        recipient: {
          graduateStatus: graduate.status,
          present: contact ? contact.archivedAt === null : true,
          address,
          timezone,
          // Contact hours are the graduate's own choice; contacts have none yet.
          contactHours: !contact && graduate.contactHoursStart && graduate.contactHoursEnd ? { start: graduate.contactHoursStart, end: graduate.contactHoursEnd } : null,
        },
        consentActive,
        recentSends: recent.map((r) => new Date(r.submitted_at)),
        orgSentToday: Number(count),
        settings: this.settings,
      },
      recipient: {
        address,
        firstName: contact ? contact.name.split(/\s+/)[0] : (graduate.preferredName ?? graduate.firstName),
        language: person.language,
        timezone,
        organisationName: organisation.name,
        organisationHelpPhone: organisation.helpPhone,
      },
    };
  }
}
