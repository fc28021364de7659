import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import {
  calendarInvite,
  formatMeetingTime,
  type Language,
  MessageKind,
  normaliseCheckInCode,
  parseRsvpReply,
  rsvpReplyText,
} from '@continuum/domain';
import { DeliveryScheduler, InboundRouter, type InboundHandlerResult, type InboundReply, MessageComposer, type RecipientInfo, graduateOf } from '@continuum/delivery';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { appendEngagementEvents, type DeliveryEntity, MeetingInvitationEntity, MeetingOccurrenceEntity, MeetingSeriesEntity, OccurrenceStatus } from '@continuum/persistence';
import { MeetingInvitations } from './meeting-invitations.service';
import { placeOf } from './meeting-messages';
import { recordAttendance } from './meeting-occurrences.service';
import { invitationPage, linkProblemPage, linkProblemStatus, ratingPage } from './meeting-pages';

export interface PageResult {
  status: number;
  html: string;
}

interface InvitationContext {
  invitation: MeetingInvitationEntity;
  occurrence: MeetingOccurrenceEntity;
  series: MeetingSeriesEntity;
  language: Language;
  timezone: string;
  organisationName: string;
}

const HOUR = 3_600_000;
const RSVP_KINDS = [MessageKind.MeetingInvite, MessageKind.MeetingReminder, MessageKind.MeetingMoved, MessageKind.MeetingPlaceOpen];
const CALENDAR_KINDS = [MessageKind.MeetingInvite, MessageKind.MeetingMoved, MessageKind.MeetingPlaceOpen, MessageKind.MeetingCancelled];
const FEEDBACK_DAYS = 14;

/**
 * What a graduate does with an invitation: answer it (by text or on its private page), check in
 * at the meeting with the room's code, and rate it afterwards. Also the pieces the delivery
 * engine asks for at send time: each message's private link and an email's calendar invitation.
 */
@Injectable()
export class MeetingResponses implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: LinkTokens,
    private readonly composer: MessageComposer,
    private readonly router: InboundRouter,
    private readonly invitations: MeetingInvitations,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  onModuleInit(): void {
    for (const kind of RSVP_KINDS) this.composer.registerLinkProvider(kind, (manager, row) => this.invitationLink(manager, row));
    this.composer.registerLinkProvider(MessageKind.MeetingFeedback, (manager, row) => this.ratingLink(manager, row));
    for (const kind of CALENDAR_KINDS) this.composer.registerCalendarProvider(kind, (manager, row, recipient) => this.calendar(manager, row, recipient));
    // Strict shapes first: a room code, then Y/N; a check-in takes any text, so it comes after.
    this.router.register('meeting-attendance', (reply, manager) => this.codeBySms(reply, manager), 10);
    this.router.register('meeting-rsvp', (reply, manager) => this.rsvpBySms(reply, manager), 20);
  }

  /** Valid until an hour after the meeting ends; not single-use, so an answer can be changed. */
  private async invitationLink(manager: EntityManager, row: DeliveryEntity): Promise<string> {
    const context = await this.context(manager, row.variables.invitationId);
    if (!context) throw new Error('meeting message without its invitation');
    const ttlSeconds = Math.max(3_600, Math.ceil((context.occurrence.endsAt.getTime() + HOUR - Date.now()) / 1000));
    const { token } = await this.links.issue(
      { organisationId: row.organisationId, purpose: LinkPurpose.MeetingRsvp, subjectId: graduateOf(row), claims: { invitationId: context.invitation.id }, ttlSeconds, singleUse: false },
      manager,
    );
    return `${this.config.PUBLIC_BASE_URL}/r/${token}`;
  }

  private async ratingLink(manager: EntityManager, row: DeliveryEntity): Promise<string> {
    const { token } = await this.links.issue(
      { organisationId: row.organisationId, purpose: LinkPurpose.MeetingFeedback, subjectId: graduateOf(row), claims: { invitationId: row.variables.invitationId }, ttlSeconds: FEEDBACK_DAYS * 86_400, singleUse: true },
      manager,
    );
    return `${this.config.PUBLIC_BASE_URL}/f/${token}`;
  }

  /** The occurrence as it is when the email leaves: a cancellation once it is cancelled, else a request at its current sequence. */
  private async calendar(manager: EntityManager, row: DeliveryEntity, recipient: RecipientInfo) {
    const context = await this.context(manager, row.variables.invitationId);
    if (!context || !recipient.address) return null;
    const { occurrence, series } = context;
    const host = new URL(this.config.PUBLIC_BASE_URL).hostname;
    const cancelled = occurrence.status === OccurrenceStatus.Cancelled;
    const content = calendarInvite({
      method: cancelled ? 'CANCEL' : 'REQUEST',
      uid: `${occurrence.id}@${host}`,
      sequence: occurrence.sequence,
      startsAt: occurrence.startsAt,
      endsAt: occurrence.endsAt,
      timezone: series.timezone,
      // The series title is staff-written and could say what the group is for; a calendar shows it to anyone nearby.
      summary: recipient.organisationName,
      location: placeOf({ occurrence, series }) || null,
      url: null,
      description: null,
      organizer: { name: recipient.organisationName, email: addressOf(this.config.EMAIL_FROM) },
      attendee: { name: recipient.firstName, email: recipient.address },
      stamp: new Date(),
    });
    return { method: cancelled ? ('CANCEL' as const) : ('REQUEST' as const), content };
  }

  /** A reply of Y or N answers the invitation whose message most recently reached them by text. */
  private async rsvpBySms(reply: InboundReply, manager: EntityManager): Promise<InboundHandlerResult> {
    if (reply.contactId) return { handled: false };
    const answer = parseRsvpReply(reply.body);
    if (!answer) return { handled: false };
    const latest: { id: string }[] = await manager.query(
      `SELECT i.id FROM meeting_invitation i
         JOIN meeting_occurrence o ON o.id = i.occurrence_id
         JOIN delivery d ON d.subject_id = i.id
        WHERE i.graduate_id = $1 AND i.organisation_id = $2 AND o.status = 'scheduled' AND o.starts_at > $3
          AND d.channel = 'sms' AND d.kind = ANY($4::text[]) AND d.status IN ('submitting', 'unknown', 'sent', 'delivered')
        ORDER BY d.submitted_at DESC NULLS LAST LIMIT 1`,
      [reply.graduateId, reply.organisationId, reply.receivedAt, RSVP_KINDS],
    );
    if (latest.length === 0) return { handled: false };
    const result = await this.invitations.answer(latest[0].id, answer, 'sms', reply.receivedAt, manager);
    if (!result) return { handled: false };
    const when = formatMeetingTime(result.startsAt, result.timezone, result.language);
    return { handled: true, reply: rsvpReplyText(result.outcome, result.language, when), after: () => this.deliveries.enqueue(result.deliveries) };
  }

  /** A room code texted during the meeting (from an hour before to an hour after) checks the graduate in. */
  private async codeBySms(reply: InboundReply, manager: EntityManager): Promise<InboundHandlerResult> {
    if (reply.contactId) return { handled: false };
    const code = normaliseCheckInCode(reply.body);
    if (!code) return { handled: false };
    const occurrence = await this.occurrenceByCode(manager, reply.organisationId, code, reply.receivedAt);
    if (!occurrence) return { handled: false };
    await recordAttendance(manager, occurrence, [{ graduateId: reply.graduateId, status: 'attended' }], 'code', reply.receivedAt);
    const who: { language: Language; timezone: string }[] = await manager.query(`SELECT language, timezone FROM graduate WHERE id = $1`, [reply.graduateId]);
    return { handled: true, reply: rsvpReplyText('checked_in', who[0].language, formatMeetingTime(occurrence.startsAt, who[0].timezone, who[0].language)) };
  }

  private async occurrenceByCode(manager: EntityManager, organisationId: string, code: string, at: Date): Promise<MeetingOccurrenceEntity | null> {
    const occurrence = await manager.findOneBy(MeetingOccurrenceEntity, { organisationId, checkInCode: code, status: OccurrenceStatus.Scheduled });
    if (!occurrence) return null;
    const open = occurrence.startsAt.getTime() - HOUR <= at.getTime() && at.getTime() <= occurrence.endsAt.getTime() + HOUR;
    return open ? occurrence : null;
  }

  /** The invitation page for a link. */
  async showInvitation(token: string, now = new Date(), notice: { kind: 'ok' | 'error'; text: string } | null = null): Promise<PageResult> {
    const link = await this.links.state(token, LinkPurpose.MeetingRsvp, now);
    if (link.state === 'not_found' || !link.grant) return problem('not_found');
    const context = await this.context(this.dataSource.manager, link.grant.claims.invitationId);
    if (!context) return problem('not_found');
    if (link.state !== 'valid') return problem('expired', context);
    const { occurrence, invitation, series } = context;
    const state = occurrence.status === OccurrenceStatus.Cancelled ? 'cancelled' : occurrence.startsAt.getTime() <= now.getTime() ? 'past' : 'open';
    const canCheckIn = occurrence.status === OccurrenceStatus.Scheduled && occurrence.startsAt.getTime() - HOUR <= now.getTime() && now.getTime() <= occurrence.endsAt.getTime() + HOUR;
    const html = invitationPage({
      language: context.language,
      organisationName: context.organisationName,
      when: formatMeetingTime(occurrence.startsAt, context.timezone, context.language),
      place: placeOf({ occurrence, series }),
      rsvp: invitation.rsvp,
      state,
      canCheckIn,
      attended: invitation.attendance === 'attended',
      notice,
    });
    return { status: 200, html };
  }

  /** An answer (`answer=yes|no`) or a room code (`code=...`) posted from the invitation page. */
  async submitInvitation(token: string, body: Record<string, unknown>, now = new Date()): Promise<PageResult> {
    const link = await this.links.state(token, LinkPurpose.MeetingRsvp, now);
    if (link.state !== 'valid' || !link.grant) return this.showInvitation(token, now);
    const invitationId = link.grant.claims.invitationId;
    if (body.answer === 'yes' || body.answer === 'no') {
      const result = await this.invitations.answer(invitationId, body.answer, 'link', now);
      if (!result) return problem('not_found');
      const when = formatMeetingTime(result.startsAt, result.timezone, result.language);
      return this.showInvitation(token, now, { kind: result.outcome === 'closed' ? 'error' : 'ok', text: rsvpReplyText(result.outcome, result.language, when) });
    }
    if (typeof body.code === 'string') {
      const checkedIn = await this.dataSource.transaction(async (manager) => {
        const context = await this.context(manager, invitationId);
        const code = normaliseCheckInCode(body.code as string);
        if (!context || !code || code !== context.occurrence.checkInCode) return false;
        const occurrence = await this.occurrenceByCode(manager, context.occurrence.organisationId, code, now);
        if (!occurrence) return false;
        await recordAttendance(manager, occurrence, [{ graduateId: context.invitation.graduateId, status: 'attended' }], 'code', now);
        return true;
      });
      if (!checkedIn) {
        const context = await this.context(this.dataSource.manager, invitationId);
        const wrong = context?.language === 'es' ? 'Ese código no coincide con este encuentro. Revíselo e inténtelo de nuevo.' : 'That code does not match this meeting. Check it and try again.';
        const page = await this.showInvitation(token, now, { kind: 'error', text: wrong });
        return { ...page, status: 400 };
      }
      return this.showInvitation(token, now);
    }
    const page = await this.showInvitation(token, now);
    return { ...page, status: 400 };
  }

  async showRating(token: string, now = new Date()): Promise<PageResult> {
    const link = await this.links.state(token, LinkPurpose.MeetingFeedback, now);
    if (link.state === 'not_found' || !link.grant) return problem('not_found');
    const context = await this.context(this.dataSource.manager, link.grant.claims.invitationId);
    if (!context) return problem('not_found');
    if (link.state === 'used' || context.invitation.rating !== null) return problem('used', context);
    if (link.state === 'expired') return problem('expired', context);
    return { status: 200, html: ratingPage(context.language, context.organisationName) };
  }

  async submitRating(token: string, body: Record<string, unknown>, now = new Date()): Promise<PageResult> {
    const rating = Number(body.rating);
    const shown = await this.showRating(token, now);
    if (shown.status !== 200) return shown;
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ...shown, status: 400 };
    const context = await this.dataSource.transaction(async (manager) => {
      const grant = await this.links.consume(token, LinkPurpose.MeetingFeedback, manager).catch(() => null);
      if (!grant) return null;
      const context = await this.context(manager, grant.claims.invitationId);
      if (!context) return null;
      await manager.query(`UPDATE meeting_invitation SET rating = $2, rated_at = $3, updated_at = now() WHERE id = $1`, [context.invitation.id, rating, now]);
      await appendEngagementEvents(manager, [
        { organisationId: context.invitation.organisationId, graduateId: context.invitation.graduateId, kind: 'meeting.rated', refId: context.invitation.id, payload: { occurrenceId: context.occurrence.id, rating }, occurredAt: now },
      ]);
      return context;
    });
    if (!context) return problem('used');
    return { status: 200, html: ratingPage(context.language, context.organisationName, true) };
  }

  private async context(manager: EntityManager, invitationId: string | undefined): Promise<InvitationContext | null> {
    if (!invitationId) return null;
    const invitation = await manager.findOneBy(MeetingInvitationEntity, { id: invitationId });
    if (!invitation) return null;
    const occurrence = await manager.findOneByOrFail(MeetingOccurrenceEntity, { id: invitation.occurrenceId });
    const series = await manager.findOneByOrFail(MeetingSeriesEntity, { id: occurrence.seriesId });
    const rows: { language: Language; timezone: string; organisation_name: string }[] = await manager.query(
      `SELECT g.language, g.timezone, o.name AS organisation_name FROM graduate g JOIN organisation o ON o.id = g.organisation_id WHERE g.id = $1`,
      [invitation.graduateId],
    );
    return { invitation, occurrence, series, language: rows[0].language, timezone: rows[0].timezone, organisationName: rows[0].organisation_name };
  }
}

function problem(kind: 'expired' | 'used' | 'not_found', context?: InvitationContext): PageResult {
  return { status: linkProblemStatus(kind), html: linkProblemPage(kind, context?.language ?? 'en', context?.organisationName ?? null) };
}

/** `Name <address>` or a bare address → the address. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
