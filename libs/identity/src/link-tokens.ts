import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { LinkGoneError, NotFoundError } from '@continuum/domain';
import { LinkTokenEntity } from '@continuum/persistence';

/**
 * What a link lets its holder do, and nothing else. A token made for one purpose is unknown to
 * every other; later features add their purposes here.
 */
export const LinkPurpose = {
  ConsentForm: 'consent.form',
  CheckInAnswer: 'check-in.answer',
  Unsubscribe: 'unsubscribe',
  /** A meeting invitation's page: answer, change the answer, check in with the room's code. */
  MeetingRsvp: 'meeting.rsvp',
  MeetingFeedback: 'meeting.feedback',
  /** A family contact's page for one session: when and where. */
  FamilySessionView: 'family_session.view',
  FamilySessionFeedback: 'family_session.feedback',
} as const;
export type LinkPurpose = (typeof LinkPurpose)[keyof typeof LinkPurpose];

export interface IssueLink {
  organisationId: string;
  purpose: LinkPurpose;
  subjectId: string;
  /** Small non-personal facts the purpose needs, e.g. a contact id or a channel. */
  claims?: Record<string, string>;
  ttlSeconds: number;
  /** Single-use links are spent by `consume`; others stay valid until they expire. */
  singleUse?: boolean;
}

export interface IssuedLink {
  token: string;
  expiresAt: Date;
}

export interface LinkGrant {
  id: string;
  organisationId: string;
  purpose: LinkPurpose;
  subjectId: string;
  claims: Record<string, string>;
  expiresAt: Date;
}

/** 32 random bytes, base64url: 256 bits, unguessable. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const DAY_SECONDS = 86_400;
/** Links that act are short-lived; an unsubscribe link must keep working as long as the email is read. */
const MAX_TTL_SECONDS: Record<LinkPurpose, number> = {
  'consent.form': 30 * DAY_SECONDS,
  'check-in.answer': 30 * DAY_SECONDS,
  unsubscribe: 180 * DAY_SECONDS,
  'meeting.rsvp': 120 * DAY_SECONDS,
  'meeting.feedback': 30 * DAY_SECONDS,
  'family_session.view': 120 * DAY_SECONDS,
  'family_session.feedback': 30 * DAY_SECONDS,
};

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * The graduates' and family members' only credential: a random token in a link. We keep its hash,
 * never the token, with its one purpose, its subject and its expiry. Unknown tokens and tokens of
 * another purpose answer "not found" alike; expired, used or revoked ones answer "gone".
 */
@Injectable()
export class LinkTokens {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async issue(link: IssueLink, manager: EntityManager = this.dataSource.manager): Promise<IssuedLink> {
    const max = MAX_TTL_SECONDS[link.purpose];
    if (!(link.ttlSeconds > 0 && link.ttlSeconds <= max)) {
      throw new RangeError(`a ${link.purpose} link must live between 1 and ${max} seconds`);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + link.ttlSeconds * 1000);
    await manager.insert(LinkTokenEntity, {
      organisationId: link.organisationId,
      purpose: link.purpose,
      subjectId: link.subjectId,
      claims: link.claims ?? {},
      tokenHash: hashOf(token),
      expiresAt,
      singleUse: link.singleUse ?? true,
    });
    return { token, expiresAt };
  }

  /** Reads what a link grants without spending it (to show a form before it is submitted). */
  async inspect(token: string, purpose: LinkPurpose, now = new Date()): Promise<LinkGrant> {
    const row = await this.find(token, purpose);
    if (row.revokedAt || (row.singleUse && row.usedAt) || row.expiresAt.getTime() <= now.getTime()) {
      throw new LinkGoneError();
    }
    return toGrant(row);
  }

  /**
   * Spends a single-use link in one conditional UPDATE, so two submissions racing each other
   * cannot both succeed. Pass the transaction that performs the link's action, so a failed
   * action leaves the link usable.
   */
  async consume(token: string, purpose: LinkPurpose, manager: EntityManager = this.dataSource.manager): Promise<LinkGrant> {
    if (!TOKEN_SHAPE.test(token)) throw new NotFoundError('Link');
    const result: [LinkTokenRow[], number] = await manager.query(
      `UPDATE link_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND revoked_at IS NULL AND expires_at > now()
          AND (used_at IS NULL OR NOT single_use)
        RETURNING id, organisation_id, purpose, subject_id, claims, expires_at`,
      [hashOf(token), purpose],
    );
    const row = result[0][0];
    if (!row) {
      await this.find(token, purpose);
      throw new LinkGoneError();
    }
    return {
      id: row.id,
      organisationId: row.organisation_id,
      purpose: row.purpose,
      subjectId: row.subject_id,
      claims: row.claims,
      expiresAt: new Date(row.expires_at),
    };
  }

  /**
   * What became of a link, for a page that must say so (a used link and an expired one read
   * differently); an unknown token and one of another purpose are both `not_found`.
   */
  async state(token: string, purpose: LinkPurpose, now = new Date()): Promise<{ state: 'valid' | 'used' | 'expired' | 'not_found'; grant: LinkGrant | null }> {
    let row: LinkTokenEntity;
    try {
      row = await this.find(token, purpose);
    } catch (error) {
      if (error instanceof NotFoundError) return { state: 'not_found', grant: null };
      throw error;
    }
    const grant = toGrant(row);
    if (row.singleUse && row.usedAt) return { state: 'used', grant };
    if (row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return { state: 'expired', grant };
    return { state: 'valid', grant };
  }

  /** Withdraws every live link of a purpose for a subject (e.g. when a new one is sent). */
  async revokeFor(organisationId: string, subjectId: string, purpose: LinkPurpose): Promise<number> {
    const result = await this.dataSource
      .getRepository(LinkTokenEntity)
      .update({ organisationId, subjectId, purpose, revokedAt: IsNull(), usedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  private async find(token: string, purpose: LinkPurpose): Promise<LinkTokenEntity> {
    if (!TOKEN_SHAPE.test(token)) throw new NotFoundError('Link');
    const row = await this.dataSource.getRepository(LinkTokenEntity).findOneBy({ tokenHash: hashOf(token) });
    if (!row || row.purpose !== purpose) throw new NotFoundError('Link');
    return row;
  }
}

interface LinkTokenRow {
  id: string;
  organisation_id: string;
  purpose: LinkPurpose;
  subject_id: string;
  claims: Record<string, string>;
  expires_at: string | Date;
}

function toGrant(row: LinkTokenEntity): LinkGrant {
  return {
    id: row.id,
    organisationId: row.organisationId,
    purpose: row.purpose as LinkPurpose,
    subjectId: row.subjectId,
    claims: row.claims,
    expiresAt: row.expiresAt,
  };
}
