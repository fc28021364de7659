import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { escapeHtml, formatMeetingTime, type Language, MessageKind, privatePage } from '@continuum/domain';
import { MessageComposer, graduateOf } from '@continuum/delivery';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { linkProblemPage, linkProblemStatus, type PageResult, ratingPage } from '@continuum/meetings';
import { appendEngagementEvents, type DeliveryEntity, FamilySessionEntity, FamilySessionParticipantEntity, FamilySessionStatus } from '@continuum/persistence';
import { placeOf } from './family-session-messages';

interface ParticipantContext {
  participant: FamilySessionParticipantEntity;
  session: FamilySessionEntity;
  language: Language;
  timezone: string;
  organisationName: string;
}

const DAY = 86_400_000;
const VIEW_KINDS = [MessageKind.FamilySessionNotice, MessageKind.FamilySessionReminder, MessageKind.FamilySessionMoved];

const TEXT = {
  en: { title: 'Appointment', heading: 'Family appointment', when: 'When', where: 'Where', cancelled: 'This appointment has been cancelled.', past: 'This appointment has already taken place.' },
  es: { title: 'Cita', heading: 'Cita familiar', when: 'Cuándo', where: 'Dónde', cancelled: 'Esta cita ha sido cancelada.', past: 'Esta cita ya se realizó.' },
} as const satisfies Record<Language, unknown>;

/**
 * A family contact's side of a session: the private page a notice links to (when and where,
 * worded neutrally: it says nothing of why the session exists) and the short feedback afterwards.
 */
@Injectable()
export class FamilySessionResponses implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: LinkTokens,
    private readonly composer: MessageComposer,
  ) {}

  onModuleInit(): void {
    for (const kind of VIEW_KINDS) this.composer.registerLinkProvider(kind, (manager, row) => this.viewLink(manager, row));
    this.composer.registerLinkProvider(MessageKind.FamilySessionFollowUp, (manager, row) => this.feedbackLink(manager, row));
  }

  private async viewLink(manager: EntityManager, row: DeliveryEntity): Promise<string> {
    const context = await this.context(manager, row.variables.participantId);
    if (!context) throw new Error('family-session message without its participant');
    const ttlSeconds = Math.max(3_600, Math.ceil((context.session.endsAt.getTime() + DAY - Date.now()) / 1000));
    const { token } = await this.links.issue(
      { organisationId: row.organisationId, purpose: LinkPurpose.FamilySessionView, subjectId: graduateOf(row), claims: { participantId: context.participant.id }, ttlSeconds, singleUse: false },
      manager,
    );
    return `${this.config.PUBLIC_BASE_URL}/s/${token}`;
  }

  private async feedbackLink(manager: EntityManager, row: DeliveryEntity): Promise<string> {
    const { token } = await this.links.issue(
      { organisationId: row.organisationId, purpose: LinkPurpose.FamilySessionFeedback, subjectId: graduateOf(row), claims: { participantId: row.variables.participantId }, ttlSeconds: 14 * 86_400, singleUse: true },
      manager,
    );
    return `${this.config.PUBLIC_BASE_URL}/sf/${token}`;
  }

  async showSession(token: string, now = new Date()): Promise<PageResult> {
    const link = await this.links.state(token, LinkPurpose.FamilySessionView, now);
    if (link.state === 'not_found' || !link.grant) return problem('not_found');
    const context = await this.context(this.dataSource.manager, link.grant.claims.participantId);
    if (!context || context.participant.removedAt) return problem('not_found');
    if (link.state !== 'valid') return problem('expired', context);
    const t = TEXT[context.language];
    const { session } = context;
    const place = placeOf(session);
    const where = /^https:\/\//.test(place) ? `<a href="${escapeHtml(place)}">${escapeHtml(place)}</a>` : escapeHtml(place);
    const status =
      session.status === FamilySessionStatus.Cancelled ? `<p class="status">${t.cancelled}</p>` : session.endsAt.getTime() < now.getTime() ? `<p class="status">${t.past}</p>` : '';
    const html = privatePage(
      context.language,
      t.title,
      `<p class="org">${escapeHtml(context.organisationName)}</p><h1>${t.heading}</h1>\n${status}<dl class="details"><dt>${t.when}</dt><dd>${escapeHtml(
        formatMeetingTime(session.startsAt, context.timezone, context.language),
      )}</dd><dt>${t.where}</dt><dd>${where}</dd></dl>`,
    );
    return { status: 200, html };
  }

  async showFeedback(token: string, now = new Date()): Promise<PageResult> {
    const link = await this.links.state(token, LinkPurpose.FamilySessionFeedback, now);
    if (link.state === 'not_found' || !link.grant) return problem('not_found');
    const context = await this.context(this.dataSource.manager, link.grant.claims.participantId);
    if (!context) return problem('not_found');
    if (link.state === 'used' || context.participant.rating !== null) return problem('used', context);
    if (link.state === 'expired') return problem('expired', context);
    return { status: 200, html: ratingPage(context.language, context.organisationName) };
  }

  async submitFeedback(token: string, body: Record<string, unknown>, now = new Date()): Promise<PageResult> {
    const shown = await this.showFeedback(token, now);
    if (shown.status !== 200) return shown;
    const rating = Number(body.rating);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ...shown, status: 400 };
    const context = await this.dataSource.transaction(async (manager) => {
      const grant = await this.links.consume(token, LinkPurpose.FamilySessionFeedback, manager).catch(() => null);
      const context = grant ? await this.context(manager, grant.claims.participantId) : null;
      if (!context) return null;
      await manager.query(`UPDATE family_session_participant SET rating = $2, rated_at = $3, updated_at = now() WHERE id = $1`, [context.participant.id, rating, now]);
      await appendEngagementEvents(manager, [
        {
          organisationId: context.session.organisationId,
          graduateId: context.session.graduateId,
          kind: 'family_session.feedback',
          refId: context.participant.id,
          payload: { sessionId: context.session.id, contactId: context.participant.contactId, rating },
          occurredAt: now,
        },
      ]);
      return context;
    });
    if (!context) return problem('used');
    return { status: 200, html: ratingPage(context.language, context.organisationName, true) };
  }

  private async context(manager: EntityManager, participantId: string | undefined): Promise<ParticipantContext | null> {
    if (!participantId) return null;
    const participant = await manager.findOneBy(FamilySessionParticipantEntity, { id: participantId });
    if (!participant) return null;
    const session = await manager.findOneByOrFail(FamilySessionEntity, { id: participant.sessionId });
    const rows: { language: Language; timezone: string; organisation_name: string }[] = await manager.query(
      `SELECT c.language, c.timezone, o.name AS organisation_name FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE c.id = $1`,
      [participant.contactId],
    );
    return { participant, session, language: rows[0].language, timezone: rows[0].timezone, organisationName: rows[0].organisation_name };
  }
}

function problem(kind: 'expired' | 'used' | 'not_found', context?: ParticipantContext): PageResult {
  return { status: linkProblemStatus(kind), html: linkProblemPage(kind, context?.language ?? 'en', context?.organisationName ?? null) };
}
