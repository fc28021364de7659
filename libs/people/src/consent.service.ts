import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  type Channel,
  type ConsentDecision,
  type ConsentMethod,
  consentProblems,
  type ConsentPurpose,
  type ConsentRecipient,
  type ErrorDetail,
  isConsentActive,
  NotFoundError,
  STAFF_GRANT_METHODS,
  STAFF_REVOKE_METHODS,
} from '@continuum/domain';
import { ConsentRecordEntity, ContactEntity, GraduateEntity } from '@continuum/persistence';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { invalid } from './contact-points';
import { findContact, findGraduate } from './lookups';

/**
 * The consent record that decides for one recipient, channel and purpose: the latest one
 * (columns `decision`, `expires_at`). The arguments are the SQL expressions to compare with (a
 * placeholder such as `$3`, or a column), so the dispatcher can read it inside its one claim
 * query; `contactId` is null for the graduate. `isConsentActive` then judges the row.
 */
export function latestConsentSql(p: { organisationId: string; graduateId: string; contactId: string; channel: string; purpose: string }): string {
  return `SELECT decision, expires_at FROM consent_record
           WHERE organisation_id = ${p.organisationId} AND graduate_id = ${p.graduateId}
             AND contact_id IS NOT DISTINCT FROM ${p.contactId} AND channel = ${p.channel} AND purpose = ${p.purpose}
           ORDER BY seq DESC LIMIT 1`;
}

/** Whose consent, to reach whom. */
export interface ConsentTarget {
  organisationId: string;
  graduateId: string;
  recipient: ConsentRecipient;
}

export interface ConsentQuery extends ConsentTarget {
  channel: Channel;
  purpose: ConsentPurpose;
}

export interface ConsentEntry {
  channel: Channel;
  purpose: ConsentPurpose;
  decision: ConsentDecision;
  method: ConsentMethod;
  description?: string | null;
  shownText?: string | null;
  expiresAt?: Date | null;
  /** The staff member who recorded it; null when the graduate acted through a keyword, link or form. */
  recordedBy?: string | null;
}

export type StaffGrant = Omit<ConsentEntry, 'decision' | 'recordedBy'>;

export interface StaffRevocation {
  method: ConsentMethod;
  /** Only this channel; every channel when absent. */
  channel?: Channel;
  /** Only this purpose; every purpose when absent. */
  purpose?: ConsentPurpose;
}

export interface ConsentRecordView {
  seq: string;
  contactId: string | null;
  channel: Channel;
  purpose: ConsentPurpose;
  decision: ConsentDecision;
  method: ConsentMethod;
  description: string | null;
  shownText: string | null;
  expiresAt: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface ConsentStateView extends ConsentRecordView {
  /** Whether sending is allowed right now under this record. */
  active: boolean;
}

/**
 * The one place that says whether we may send to someone. Every send path asks `isActive`;
 * every grant or revocation, from staff, a form, an SMS keyword or an unsubscribe link, goes
 * through `append`, which only ever adds a record: the latest record decides and history stays.
 */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async isActive(query: ConsentQuery, at = new Date(), manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: { decision: ConsentDecision; expires_at: Date | null }[] = await manager.query(
      latestConsentSql({ organisationId: '$1', graduateId: '$2', contactId: '$3', channel: '$4', purpose: '$5' }),
      [query.organisationId, query.graduateId, query.recipient.type === 'contact' ? query.recipient.contactId : null, query.channel, query.purpose],
    );
    return isConsentActive(rows[0] && { decision: rows[0].decision, expiresAt: rows[0].expires_at }, at);
  }

  /** A staff member records a grant the graduate gave: a signed form on file, or words on the phone. */
  async grantByStaff(actor: Actor, graduateId: string, recipient: ConsentRecipient, entry: StaffGrant): Promise<ConsentRecordView> {
    if (!STAFF_GRANT_METHODS.includes(entry.method)) {
      throw invalid('Consent', [{ field: 'method', reason: `must be one of ${STAFF_GRANT_METHODS.join(', ')}` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const target = { organisationId: actor.organisationId, graduateId, recipient };
      const record = await this.append(target, { ...entry, decision: 'granted', recordedBy: actor.userId }, manager);
      await this.audit.record(actor, 'consent.grant', { type: 'graduate', id: graduateId }, auditDetail(recipient, entry), manager);
      return record;
    });
  }

  /** A staff member records that the graduate took consent back, by any reasonable means. */
  async revokeByStaff(actor: Actor, graduateId: string, recipient: ConsentRecipient, scope: StaffRevocation): Promise<number> {
    if (!STAFF_REVOKE_METHODS.includes(scope.method)) {
      throw invalid('Consent', [{ field: 'method', reason: `must be one of ${STAFF_REVOKE_METHODS.join(', ')}` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      await findGraduate(manager, actor.organisationId, graduateId);
      if (recipient.type === 'contact') await this.contactOf(manager, actor.organisationId, graduateId, recipient.contactId, true);
      const target = { organisationId: actor.organisationId, graduateId, recipient };
      const revoked = await this.revokeAllFor(target, { ...scope, recordedBy: actor.userId }, manager);
      await this.audit.record(actor, 'consent.revoke', { type: 'graduate', id: graduateId }, { ...auditDetail(recipient, scope), revoked }, manager);
      return revoked;
    });
  }

  /** Adds one record after checking it is a consent §2.31 would recognise. */
  async append(target: ConsentTarget, entry: ConsentEntry, manager: EntityManager, now = new Date()): Promise<ConsentRecordView> {
    const graduate = await findGraduate(manager, target.organisationId, target.graduateId);
    const contact =
      target.recipient.type === 'contact'
        ? await this.contactOf(manager, target.organisationId, graduate.id, target.recipient.contactId, entry.decision === 'revoked')
        : null;
    const problems: ErrorDetail[] = consentProblems({ ...entry, recipient: target.recipient }, now);
    if (entry.decision === 'granted') problems.push(...addressProblems(entry.channel, contact ?? graduate));
    if (problems.length) throw invalid('Consent', problems);
    const saved = await manager.save(
      manager.create(ConsentRecordEntity, {
        organisationId: target.organisationId,
        graduateId: target.graduateId,
        contactId: contact?.id ?? null,
        channel: entry.channel,
        purpose: entry.purpose,
        decision: entry.decision,
        method: entry.method,
        description: entry.description?.trim() || null,
        shownText: entry.shownText?.trim() || null,
        expiresAt: entry.expiresAt ?? null,
        recordedBy: entry.recordedBy ?? null,
      }),
    );
    return toRecordView(saved);
  }

  /**
   * Revokes every consent still granted to a recipient, optionally only on one channel or for one
   * purpose: what STOP, an unsubscribe link or archiving a contact does. Idempotent.
   */
  async revokeAllFor(
    target: ConsentTarget,
    how: { method: ConsentMethod; recordedBy?: string | null; channel?: Channel; purpose?: ConsentPurpose },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const latest = await this.latest(manager, target.organisationId, target.graduateId);
    const contactId = target.recipient.type === 'contact' ? target.recipient.contactId : null;
    const toRevoke = latest.filter(
      (r) =>
        r.contactId === contactId &&
        r.decision === 'granted' &&
        (!how.channel || r.channel === how.channel) &&
        (!how.purpose || r.purpose === how.purpose),
    );
    if (toRevoke.length) {
      await manager.insert(
        ConsentRecordEntity,
        toRevoke.map((r) => ({
          organisationId: target.organisationId,
          graduateId: target.graduateId,
          contactId,
          channel: r.channel,
          purpose: r.purpose,
          decision: 'revoked' as const,
          method: how.method,
          recordedBy: how.recordedBy ?? null,
        })),
      );
    }
    return toRevoke.length;
  }

  /** The state for each recipient, channel and purpose that has a record, and the full history. */
  async overview(actor: Actor, graduateId: string, at = new Date()): Promise<{ current: ConsentStateView[]; history: ConsentRecordView[] }> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const history = await this.dataSource.getRepository(ConsentRecordEntity).find({
      where: { organisationId: actor.organisationId, graduateId },
      order: { seq: 'DESC' },
    });
    const latest = await this.latest(this.dataSource.manager, actor.organisationId, graduateId);
    await this.audit.record(actor, 'consent.read', { type: 'graduate', id: graduateId });
    return {
      current: latest.map((r) => ({ ...toRecordView(r), active: isConsentActive(r, at) })),
      history: history.map(toRecordView),
    };
  }

  /** A contact of this graduate; an archived one still counts when consent is being taken away. */
  private async contactOf(manager: EntityManager, organisationId: string, graduateId: string, contactId: string, includeArchived: boolean) {
    const contact = includeArchived
      ? await manager.findOneBy(ContactEntity, { organisationId, id: contactId })
      : await findContact(manager, organisationId, contactId);
    if (!contact) throw new NotFoundError('Contact');
    if (contact.graduateId !== graduateId) throw invalid('Consent', [{ field: 'contactId', reason: "is not one of this graduate's contacts" }]);
    return contact;
  }

  private latest(manager: EntityManager, organisationId: string, graduateId: string): Promise<ConsentRecordEntity[]> {
    return manager
      .getRepository(ConsentRecordEntity)
      .createQueryBuilder('c')
      .distinctOn(['c.contact_id', 'c.channel', 'c.purpose'])
      .where('c.organisation_id = :organisationId AND c.graduate_id = :graduateId', { organisationId, graduateId })
      .orderBy('c.contact_id', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.channel', 'ASC')
      .addOrderBy('c.purpose', 'ASC')
      .addOrderBy('c.seq', 'DESC')
      .getMany();
  }
}

function auditDetail(recipient: ConsentRecipient, scope: { channel?: Channel; purpose?: ConsentPurpose }) {
  return {
    contactId: recipient.type === 'contact' ? recipient.contactId : null,
    channel: scope.channel ?? null,
    purpose: scope.purpose ?? null,
  };
}

/** A grant to text someone with no phone number on file is a grant nobody can use: refuse it. */
function addressProblems(channel: Channel, recipient: GraduateEntity | ContactEntity): ErrorDetail[] {
  if (channel === 'sms' && !recipient.phone) return [{ field: 'channel', reason: 'sms needs a phone number on file for the recipient' }];
  if (channel === 'email' && !recipient.email) return [{ field: 'channel', reason: 'email needs an email address on file for the recipient' }];
  return [];
}

export function toRecordView(r: ConsentRecordEntity): ConsentRecordView {
  return {
    seq: String(r.seq),
    contactId: r.contactId,
    channel: r.channel,
    purpose: r.purpose,
    decision: r.decision,
    method: r.method,
    description: r.description,
    shownText: r.shownText,
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
  };
}
