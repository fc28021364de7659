import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { ConsentPurpose, DomainError, DomainErrorCode, type ErrorDetail, findSensitiveWords, MessageKind, NotFoundError } from '@continuum/domain';
import { cancelDeliveriesAbout, DeliveryScheduler, type DeliveryRequest, subjectsReached } from '@continuum/delivery';
import { type Actor, AuditService, findGraduate } from '@continuum/people';
import {
  appendEngagementEvents,
  FamilySessionEntity,
  FamilySessionParticipantEntity,
  FamilySessionStatus,
  type GraduateEntity,
} from '@continuum/persistence';
import { noticeChannels, type ParticipantRef, participantMessage, reminderMessages } from './family-session-messages';

export interface FamilySessionInput {
  /** Local wall time in `timezone`: `YYYY-MM-DDTHH:mm`. */
  startsLocal: string;
  /** Defaults to the graduate's zone. */
  timezone?: string;
  durationMinutes: number;
  location?: string | null;
  videoUrl?: string | null;
  clinician?: string | null;
  contactIds: string[];
  allowPlainWording?: boolean;
}

export interface ParticipantView {
  contactId: string;
  name: string;
  relationship: string;
  channel: string;
  removed: boolean;
  attendance: string | null;
  rating: number | null;
  /** Each message to this contact about the session, newest first: what and where it stands. */
  notices: { kind: string; status: string; dueAt: string }[];
}

export interface FamilySessionView {
  id: string;
  graduateId: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  location: string | null;
  videoUrl: string | null;
  clinician: string | null;
  status: string;
  sequence: number;
  participants: ParticipantView[];
  /** The messages telling the graduate which contacts were notified. */
  graduateNotices: { status: string; dueAt: string }[];
}

/** A session on the organisation's calendar: its view and whose it is. */
export interface FamilySessionListItem extends FamilySessionView {
  /** The graduate's preferred name when there is one, else their first name. */
  graduateFirstName: string;
}

/** The longest window `listBetween` is asked for, in days. */
export const SESSION_WINDOW_DAYS = 93;
/** The most sessions `listBetween` returns. */
export const SESSION_LIST_LIMIT = 500;

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const FAMILY_KINDS = [MessageKind.FamilySessionNotice, MessageKind.FamilySessionReminder, MessageKind.FamilySessionMoved, MessageKind.FamilySessionCancelled, MessageKind.FamilySessionFollowUp];
/** Once one of these has gone to a contact, they know of the session and are told of changes. */
const REACHING_KINDS = [MessageKind.FamilySessionNotice, MessageKind.FamilySessionMoved];

/**
 * Family sessions: scheduling one for a graduate with the family contacts they consented to
 * (42 CFR Part 2: a contact without an active consent for family-session notices cannot be
 * invited), the notices and reminders to each contact, the notice to the graduate of who was
 * told, and rescheduling, cancelling and attendance.
 */
@Injectable()
export class FamilySessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  async create(actor: Actor, graduateId: string, input: FamilySessionInput, now = new Date()): Promise<FamilySessionView> {
    const { id, deliveries } = await this.dataSource.transaction(async (manager) => {
      const graduate = await findGraduate(manager, actor.organisationId, graduateId, true);
      const timezone = input.timezone ?? graduate.timezone;
      const { startsAt, endsAt } = this.when(input.startsLocal, timezone, input.durationMinutes, now);
      const problems = [...placeProblems(input), ...(await this.contactProblems(manager, graduate, input.contactIds))];
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Family session not scheduled', problems);
      const session = await manager.save(
        manager.create(FamilySessionEntity, {
          organisationId: actor.organisationId,
          graduateId,
          startsAt,
          endsAt,
          timezone,
          location: input.location?.trim() || null,
          videoUrl: input.videoUrl ?? null,
          clinician: input.clinician ?? null,
        }),
      );
      const added = await this.addParticipants(manager, graduate, session, input.contactIds);
      const requests = added.flatMap((p) => [participantMessage(p, session, MessageKind.FamilySessionNotice, `0:${p.version}`, now, session.startsAt), ...reminderMessages([p], session, now)]);
      requests.push(...(await this.graduateNotice(manager, graduate, session, added, now)));
      await this.events(manager, added, session, 'scheduled', now);
      await this.audit.record(actor, 'family-session.create', { type: 'family-session', id: session.id }, { contacts: added.length }, manager);
      return { id: session.id, deliveries: await this.deliveries.add(manager, requests) };
    });
    await this.deliveries.enqueue(deliveries);
    return this.get(actor, id);
  }

  /** A new time, place or list of contacts. Contacts who already know of the session hear of the change once; reminders follow the new time. */
  async change(actor: Actor, id: string, patch: Partial<FamilySessionInput>, now = new Date()): Promise<FamilySessionView> {
    const deliveries = await this.dataSource.transaction(async (manager) => {
      const session = await this.find(manager, actor.organisationId, id, true);
      if (session.status !== FamilySessionStatus.Scheduled) throw new DomainError(DomainErrorCode.Conflict, 'This family session is cancelled');
      const graduate = await findGraduate(manager, actor.organisationId, session.graduateId);
      const timezone = patch.timezone ?? session.timezone;
      const minutes = patch.durationMinutes ?? Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
      const moved = patch.startsLocal !== undefined || patch.timezone !== undefined || patch.durationMinutes !== undefined;
      const startsLocal = patch.startsLocal ?? DateTime.fromJSDate(session.startsAt, { zone: timezone }).toFormat("yyyy-MM-dd'T'HH:mm");
      const { startsAt, endsAt } = moved ? this.when(startsLocal, timezone, minutes, now) : { startsAt: session.startsAt, endsAt: session.endsAt };
      const location = patch.location !== undefined ? patch.location?.trim() || null : session.location;
      const videoUrl = patch.videoUrl !== undefined ? patch.videoUrl : session.videoUrl;
      const current = await this.participants(manager, session);
      const contactIds = patch.contactIds ?? current.map((p) => p.contactId);
      const newIds = contactIds.filter((c) => !current.some((p) => p.contactId === c));
      const problems = [...placeProblems({ location, videoUrl, allowPlainWording: patch.allowPlainWording }), ...(await this.contactProblems(manager, graduate, contactIds, newIds))];
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Family session not changed', problems);
      const placeChanged = location !== session.location || videoUrl !== session.videoUrl;
      const rescheduled = startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime() || placeChanged;
      Object.assign(session, { startsAt, endsAt, timezone, location, videoUrl, clinician: patch.clinician !== undefined ? patch.clinician : session.clinician });
      if (rescheduled) session.sequence += 1;
      await manager.save(session);
      const requests: DeliveryRequest[] = [];
      const removed = current.filter((p) => !contactIds.includes(p.contactId));
      requests.push(...(await this.cancelFor(manager, session, removed, now)));
      if (removed.length) await manager.query(`UPDATE family_session_participant SET removed_at = $2 WHERE id = ANY($1::uuid[])`, [removed.map((p) => p.id), now]);
      const kept = current.filter((p) => contactIds.includes(p.contactId));
      const notified: ParticipantRef[] = [];
      if (rescheduled && kept.length) {
        const cancelled = await cancelDeliveriesAbout(manager, { organisationId: session.organisationId, subjectIds: kept.map((p) => p.id), kinds: FAMILY_KINDS }, 'family_session_moved');
        const unsent = new Set(cancelled.filter((c) => c.kind === MessageKind.FamilySessionNotice).map((c) => c.subjectId));
        const reached = await subjectsReached(manager, kept.map((p) => p.id), REACHING_KINDS);
        await manager.query(`UPDATE family_session_participant SET version = version + 1 WHERE id = ANY($1::uuid[])`, [kept.map((p) => p.id)]);
        for (const p of kept.map((k) => ({ ...k, version: k.version + 1 }))) {
          const key = String(session.sequence);
          if (unsent.has(p.id)) requests.push(participantMessage(p, session, MessageKind.FamilySessionNotice, key, now, session.startsAt));
          else if (reached.has(p.id)) requests.push(participantMessage(p, session, MessageKind.FamilySessionMoved, key, now, session.startsAt));
          requests.push(...reminderMessages([p], session, now));
          notified.push(p);
        }
        await this.events(manager, notified, session, 'rescheduled', now);
      }
      const added = await this.addParticipants(manager, graduate, session, newIds);
      requests.push(...added.flatMap((p) => [participantMessage(p, session, MessageKind.FamilySessionNotice, `${session.sequence}:${p.version}`, now, session.startsAt), ...reminderMessages([p], session, now)]));
      await this.events(manager, added, session, 'scheduled', now);
      requests.push(...(await this.graduateNotice(manager, graduate, session, [...notified, ...added, ...removed], now)));
      await this.audit.record(actor, 'family-session.update', { type: 'family-session', id }, { fields: Object.keys(patch) }, manager);
      return this.deliveries.add(manager, requests);
    });
    await this.deliveries.enqueue(deliveries);
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, now = new Date()): Promise<FamilySessionView> {
    const deliveries = await this.dataSource.transaction(async (manager) => {
      const session = await this.find(manager, actor.organisationId, id, true);
      if (session.status === FamilySessionStatus.Cancelled) return [];
      session.status = FamilySessionStatus.Cancelled;
      session.sequence += 1;
      await manager.save(session);
      const current = await this.participants(manager, session);
      const requests = await this.cancelFor(manager, session, current, now);
      const graduate = await findGraduate(manager, actor.organisationId, session.graduateId);
      requests.push(...(await this.graduateNotice(manager, graduate, session, current, now)));
      await this.audit.record(actor, 'family-session.cancel', { type: 'family-session', id }, {}, manager);
      return this.deliveries.add(manager, requests);
    });
    await this.deliveries.enqueue(deliveries);
    return this.get(actor, id);
  }

  async markAttendance(actor: Actor, id: string, records: { contactId: string; status: 'attended' | 'no_show' }[], now = new Date()): Promise<FamilySessionView> {
    await this.dataSource.transaction(async (manager) => {
      const session = await this.find(manager, actor.organisationId, id, true);
      if (session.status !== FamilySessionStatus.Scheduled) throw new DomainError(DomainErrorCode.Conflict, 'This family session is cancelled');
      if (session.startsAt.getTime() - now.getTime() > 3_600_000) {
        throw new DomainError(DomainErrorCode.Invalid, 'Attendance not recorded', [{ field: 'records', reason: 'can be marked from an hour before the session starts' }]);
      }
      const current = await this.participants(manager, session);
      const problems: ErrorDetail[] = records.flatMap((r, i) => {
        if (!current.some((p) => p.contactId === r.contactId)) return [{ field: `records.${i}.contactId`, reason: 'is not invited to this session' }];
        if (records.findIndex((o) => o.contactId === r.contactId) !== i) return [{ field: `records.${i}.contactId`, reason: 'appears twice' }];
        return [];
      });
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Attendance not recorded', problems);
      const [changed]: [{ id: string; contact_id: string; attendance: 'attended' | 'no_show' }[], number] = await manager.query(
        `UPDATE family_session_participant p SET attendance = r.a, attendance_at = $3, updated_at = now()
           FROM unnest($2::uuid[], $4::text[]) AS r(c, a)
          WHERE p.session_id = $1 AND p.contact_id = r.c AND p.attendance IS DISTINCT FROM r.a
          RETURNING p.id, p.contact_id, p.attendance`,
        [session.id, records.map((r) => r.contactId), now, records.map((r) => r.status)],
      );
      await appendEngagementEvents(
        manager,
        changed.map((r) => ({
          organisationId: session.organisationId,
          graduateId: session.graduateId,
          kind: r.attendance === 'attended' ? ('family_session.attended' as const) : ('family_session.no_show' as const),
          refId: r.id,
          payload: { sessionId: session.id, contactId: r.contact_id },
          occurredAt: now,
        })),
      );
      await this.audit.record(actor, 'family-session.attendance', { type: 'family-session', id }, { count: records.length }, manager);
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<FamilySessionView> {
    const session = await this.find(this.dataSource.manager, actor.organisationId, id);
    const [view] = await this.views([session]);
    await this.audit.record(actor, 'family-session.read', { type: 'family-session', id });
    return view;
  }

  /** A graduate's family sessions, soonest first. */
  async listForGraduate(actor: Actor, graduateId: string): Promise<FamilySessionView[]> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const sessions = await this.dataSource.getRepository(FamilySessionEntity).find({ where: { organisationId: actor.organisationId, graduateId }, order: { startsAt: 'ASC' }, take: 200 });
    const views = await this.views(sessions);
    await this.audit.record(actor, 'family-session.list', { type: 'graduate', id: graduateId });
    return views;
  }

  /** The organisation's family sessions starting in `[from, to)`, soonest first (at most 500), each with the graduate's name: three queries in all. */
  async listBetween(actor: Actor, window: { from: Date; to: Date }): Promise<FamilySessionListItem[]> {
    // One row per session (the graduate join is many-to-one), so a plain LIMIT is right.
    const sessions = await this.dataSource
      .getRepository(FamilySessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.graduate', 'g')
      .where('s.organisation_id = :organisationId', { organisationId: actor.organisationId })
      .andWhere('s.starts_at >= :from AND s.starts_at < :to', { from: window.from, to: window.to })
      .orderBy('s.starts_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(SESSION_LIST_LIMIT)
      .getMany();
    const views = await this.views(sessions);
    await this.audit.record(actor, 'family-session.calendar', { type: 'family-session', id: null }, {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      returned: [...new Set(sessions.map((x) => x.graduateId))],
    });
    return views.map((v, i) => {
      const graduate = sessions[i].graduate as GraduateEntity;
      return { ...v, graduateFirstName: graduate.preferredName ?? graduate.firstName };
    });
  }

  /** Sessions with their participants and every notice about them: three queries however many sessions. */
  private async views(sessions: FamilySessionEntity[]): Promise<FamilySessionView[]> {
    if (sessions.length === 0) return [];
    const participants: (Omit<ParticipantView, 'notices' | 'removed'> & { id: string; session_id: string; removed_at: Date | null })[] = await this.dataSource.query(
      `SELECT p.id, p.session_id, p.contact_id AS "contactId", c.name, c.relationship, p.channel, p.removed_at, p.attendance, p.rating
         FROM family_session_participant p JOIN contact c ON c.id = p.contact_id WHERE p.session_id = ANY($1::uuid[]) ORDER BY c.name, p.id`,
      [sessions.map((x) => x.id)],
    );
    const notices: { subject_id: string; kind: string; status: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT subject_id, kind, status, due_at FROM delivery WHERE subject_id = ANY($1::uuid[]) ORDER BY created_at DESC, id`,
      [[...participants.map((p) => p.id), ...sessions.map((x) => x.id)]],
    );
    const noticesOf = (subject: string) => notices.filter((n) => n.subject_id === subject);
    return sessions.map((session) => ({
      id: session.id,
      graduateId: session.graduateId,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      timezone: session.timezone,
      location: session.location,
      videoUrl: session.videoUrl,
      clinician: session.clinician,
      status: session.status,
      sequence: session.sequence,
      participants: participants
        .filter((p) => p.session_id === session.id)
        .map(({ id: pid, session_id: _session, removed_at, ...p }) => ({
          ...p,
          removed: removed_at !== null,
          notices: noticesOf(pid).map((n) => ({ kind: n.kind, status: n.status, dueAt: new Date(n.due_at).toISOString() })),
        })),
      graduateNotices: noticesOf(session.id).map((n) => ({ status: n.status, dueAt: new Date(n.due_at).toISOString() })),
    }));
  }

  private when(startsLocal: string, timezone: string, minutes: number, now: Date): { startsAt: Date; endsAt: Date } {
    const local = LOCAL.test(startsLocal) ? DateTime.fromISO(startsLocal, { zone: timezone }) : null;
    const problems: ErrorDetail[] = [];
    if (!local?.isValid) problems.push({ field: 'startsLocal', reason: 'must be a local date and time like 2027-03-04T18:30' });
    else if (local.toMillis() <= now.getTime()) problems.push({ field: 'startsLocal', reason: 'must be in the future' });
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 720) problems.push({ field: 'durationMinutes', reason: 'must be a whole number of minutes between 5 and 720' });
    if (problems.length || !local) throw new DomainError(DomainErrorCode.Invalid, 'Family session not scheduled', problems);
    const startsAt = local.toJSDate();
    return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
  }

  /** Each contact must be the graduate's, current, and consented to receive family-session notices on a channel they can be reached on. */
  private async contactProblems(manager: EntityManager, graduate: GraduateEntity, contactIds: string[], toCheck: string[] = contactIds): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (contactIds.length === 0) problems.push({ field: 'contactIds', reason: 'must name at least one family contact' });
    const mine: { id: string }[] = await manager.query(`SELECT id FROM contact WHERE organisation_id = $1 AND graduate_id = $2 AND archived_at IS NULL AND id = ANY($3::uuid[])`, [
      graduate.organisationId,
      graduate.id,
      toCheck,
    ]);
    const channels = await noticeChannels(manager, graduate.organisationId, graduate.id, toCheck);
    contactIds.forEach((contactId, i) => {
      if (!toCheck.includes(contactId)) return;
      if (contactIds.indexOf(contactId) !== i) problems.push({ field: `contactIds.${i}`, reason: 'appears twice' });
      else if (!mine.some((m) => m.id === contactId)) problems.push({ field: `contactIds.${i}`, reason: "is not one of this graduate's current contacts" });
      else if (!channels.get(contactId)?.length) {
        problems.push({ field: `contactIds.${i}`, reason: 'has no active consent from the graduate for family-session notices on a channel this contact can be reached on' });
      }
    });
    return problems;
  }

  private async addParticipants(manager: EntityManager, graduate: GraduateEntity, session: FamilySessionEntity, contactIds: string[]): Promise<ParticipantRef[]> {
    if (contactIds.length === 0) return [];
    const channels = await noticeChannels(manager, graduate.organisationId, graduate.id, contactIds);
    const rows: { id: string; contact_id: string; channel: 'sms' | 'email'; version: number }[] = await manager.query(
      `INSERT INTO family_session_participant (organisation_id, session_id, contact_id, channel)
       SELECT $1, $2, c, ch FROM unnest($3::uuid[], $4::text[]) AS t(c, ch)
       ON CONFLICT (session_id, contact_id) DO UPDATE SET removed_at = NULL, channel = EXCLUDED.channel, version = family_session_participant.version + 1
       RETURNING id, contact_id, channel, version`,
      [graduate.organisationId, session.id, contactIds, contactIds.map((c) => (channels.get(c) as string[])[0])],
    );
    return rows.map((r) => ({ id: r.id, organisationId: graduate.organisationId, graduateId: graduate.id, contactId: r.contact_id, channel: r.channel, version: r.version }));
  }

  /** Stops what is waiting for these contacts; those who knew of the session are told it is off. */
  private async cancelFor(manager: EntityManager, session: FamilySessionEntity, participants: ParticipantRef[], now: Date): Promise<DeliveryRequest[]> {
    if (participants.length === 0) return [];
    await cancelDeliveriesAbout(manager, { organisationId: session.organisationId, subjectIds: participants.map((p) => p.id), kinds: FAMILY_KINDS }, 'family_session_cancelled');
    const reached = await subjectsReached(manager, participants.map((p) => p.id), REACHING_KINDS);
    const told = participants.filter((p) => reached.has(p.id));
    await this.events(manager, told, session, 'cancelled', now);
    return told.map((p) => participantMessage(p, session, MessageKind.FamilySessionCancelled, String(session.sequence), now, session.startsAt));
  }

  /** Tells the graduate, on a channel they consented to family-session notices on, which contacts were sent an update. */
  private async graduateNotice(manager: EntityManager, graduate: GraduateEntity, session: FamilySessionEntity, told: ParticipantRef[], now: Date): Promise<DeliveryRequest[]> {
    if (told.length === 0) return [];
    const channel = (await noticeChannels(manager, graduate.organisationId, graduate.id, [null])).get(null)?.[0];
    if (!channel) return [];
    const names: { name: string }[] = await manager.query(`SELECT name FROM contact WHERE id = ANY($1::uuid[]) ORDER BY name`, [told.map((p) => p.contactId)]);
    return [
      {
        organisationId: graduate.organisationId,
        graduateId: graduate.id,
        channel,
        purpose: ConsentPurpose.FamilySessionNotices,
        kind: MessageKind.FamilySessionNotified,
        idempotencyKey: `${MessageKind.FamilySessionNotified}:${session.id}:${session.sequence}:${told.map((p) => p.id).sort().join(',').slice(0, 200)}`,
        subjectId: session.id,
        variables: { sessionId: session.id, startsAtIso: session.startsAt.toISOString(), contactNames: joinNames(names.map((n) => firstNameOf(n.name)), graduate.language) },
        dueAt: now,
        notAfter: null,
      },
    ];
  }

  private async events(manager: EntityManager, participants: ParticipantRef[], session: FamilySessionEntity, notice: string, now: Date): Promise<void> {
    await appendEngagementEvents(
      manager,
      participants.map((p) => ({
        organisationId: session.organisationId,
        graduateId: session.graduateId,
        kind: 'family_session.notified' as const,
        refId: p.id,
        payload: { sessionId: session.id, contactId: p.contactId, notice },
        occurredAt: now,
      })),
    );
  }

  /** The session's current participants (not those taken off it), locked for the change at hand. */
  private async participants(manager: EntityManager, session: FamilySessionEntity): Promise<ParticipantRef[]> {
    const rows = await manager.find(FamilySessionParticipantEntity, { where: { sessionId: session.id }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    return rows
      .filter((r) => r.removedAt === null)
      .map((r) => ({ id: r.id, organisationId: r.organisationId, graduateId: session.graduateId, contactId: r.contactId, channel: r.channel, version: r.version }));
  }

  private async find(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<FamilySessionEntity> {
    const session = await manager.findOne(FamilySessionEntity, { where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!session) throw new NotFoundError('Family session');
    return session;
  }
}

function placeProblems(input: { location?: string | null; videoUrl?: string | null; allowPlainWording?: boolean }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!input.location?.trim() && !input.videoUrl) problems.push({ field: 'location', reason: 'is required when there is no videoUrl' });
  if (input.videoUrl && !/^https:\/\/\S+$/.test(input.videoUrl)) problems.push({ field: 'videoUrl', reason: 'must be an https:// address' });
  if (input.location && !input.allowPlainWording) {
    for (const word of findSensitiveWords(input.location)) {
      problems.push({ field: 'location', reason: `uses the word "${word}", which messages would show on a lock screen; reword it or set allowPlainWording` });
    }
  }
  return problems;
}

/** Contacts are stored with a full name; messages use the first word of it only. */
function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

function joinNames(names: string[], language: 'en' | 'es'): string {
  if (names.length <= 1) return names.join('');
  const and = language === 'es' ? 'y' : 'and';
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}
