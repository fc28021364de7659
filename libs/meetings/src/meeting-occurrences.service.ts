import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, type EntityManager, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { DateTime } from 'luxon';
import { DomainError, DomainErrorCode, type ErrorDetail, NotFoundError } from '@continuum/domain';
import { DeliveryScheduler } from '@continuum/delivery';
import { type Actor, AuditService } from '@continuum/people';
import { appendEngagementEvents, MeetingOccurrenceEntity, MeetingSeriesEntity, OccurrenceStatus } from '@continuum/persistence';
import { MeetingInvitations } from './meeting-invitations.service';
import { placeOf } from './meeting-messages';
import { OccurrenceChanges } from './occurrence-changes';

export interface OccurrenceView {
  id: string;
  seriesId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  place: string;
  location: string | null;
  videoUrl: string | null;
  status: string;
  sequence: number;
  checkInCode: string;
  invitedAt: string | null;
  capacity: number | null;
  counts: { invited: number; yes: number; no: number; waitlisted: number; noReply: number; attended: number; noShow: number };
  rating: { count: number; average: number | null };
}

export interface RosterEntry {
  invitationId: string;
  graduateId: string;
  firstName: string;
  lastName: string;
  channel: string | null;
  rsvp: string;
  rsvpAt: string | null;
  waitlistedAt: string | null;
  attendance: string | null;
  attendanceSource: string | null;
  rating: number | null;
}

export interface OccurrenceChange {
  /** New local start in the series' zone, `YYYY-MM-DDTHH:mm`. */
  startsLocal?: string;
  durationMinutes?: number;
  location?: string | null;
  videoUrl?: string | null;
}

export interface AttendanceRecord {
  graduateId: string;
  status: 'attended' | 'no_show';
}

interface Counts {
  occurrence_id: string;
  invited: number;
  yes: number;
  no: number;
  waitlisted: number;
  noReply: number;
  attended: number;
  noShow: number;
  rated: number;
  average: number | null;
}

const NO_COUNTS = { invited: 0, yes: 0, no: 0, waitlisted: 0, noReply: 0, attended: 0, noShow: 0, rated: 0, average: null };

/** Every listed occurrence's numbers in one statement. */
const COUNTS_SQL = `SELECT occurrence_id, count(*)::int AS invited,
         count(*) FILTER (WHERE rsvp = 'yes')::int AS yes, count(*) FILTER (WHERE rsvp = 'no')::int AS no,
         count(*) FILTER (WHERE rsvp = 'waitlisted')::int AS waitlisted, count(*) FILTER (WHERE rsvp = 'none')::int AS "noReply",
         count(*) FILTER (WHERE attendance = 'attended')::int AS attended, count(*) FILTER (WHERE attendance = 'no_show')::int AS "noShow",
         count(rating)::int AS rated, avg(rating)::float AS average
    FROM meeting_invitation WHERE occurrence_id = ANY($1::uuid[]) GROUP BY occurrence_id`;

/** The staff side of occurrences: the calendar, one occurrence with its numbers, moving, cancelling, the roster. */
@Injectable()
export class MeetingOccurrencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: OccurrenceChanges,
    private readonly invitations: MeetingInvitations,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  /** Occurrences between two instants (at most 500), of one series or all. */
  async list(actor: Actor, query: { from: Date; to: Date; seriesId?: string }): Promise<OccurrenceView[]> {
    const rows = await this.dataSource.getRepository(MeetingOccurrenceEntity).find({
      where: { organisationId: actor.organisationId, startsAt: And(MoreThanOrEqual(query.from), LessThan(query.to)), ...(query.seriesId ? { seriesId: query.seriesId } : {}) },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    const series = await this.dataSource.getRepository(MeetingSeriesEntity).findBy({ id: In([...new Set(rows.map((o) => o.seriesId))]) });
    const byId = new Map(series.map((s) => [s.id, s]));
    const counts = await this.counts(this.dataSource.manager, rows.map((o) => o.id));
    return rows.map((o) => toView(o, byId.get(o.seriesId) as MeetingSeriesEntity, counts.get(o.id)));
  }

  async get(actor: Actor, id: string): Promise<OccurrenceView> {
    const { occurrence, series } = await this.find(this.dataSource.manager, actor.organisationId, id);
    return this.view(this.dataSource.manager, occurrence, series);
  }

  async change(actor: Actor, id: string, change: OccurrenceChange, now = new Date()): Promise<OccurrenceView> {
    const { view, deliveries } = await this.dataSource.transaction(async (manager) => {
      const { occurrence, series } = await this.find(manager, actor.organisationId, id, true);
      if (occurrence.status !== OccurrenceStatus.Scheduled) throw new DomainError(DomainErrorCode.Conflict, 'This meeting is cancelled');
      const problems: ErrorDetail[] = [];
      let startsAt = occurrence.startsAt;
      if (change.startsLocal !== undefined) {
        const local = DateTime.fromISO(change.startsLocal, { zone: series.timezone });
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(change.startsLocal) || !local.isValid) problems.push({ field: 'startsLocal', reason: 'must be a local date and time like 2027-03-04T18:30' });
        else startsAt = local.toJSDate();
      }
      if (startsAt.getTime() <= now.getTime()) problems.push({ field: 'startsLocal', reason: 'must be in the future' });
      const minutes = change.durationMinutes ?? Math.round((occurrence.endsAt.getTime() - occurrence.startsAt.getTime()) / 60_000);
      const location = change.location !== undefined ? change.location : occurrence.location;
      const videoUrl = change.videoUrl !== undefined ? change.videoUrl : occurrence.videoUrl;
      if (videoUrl && !/^https:\/\/\S+$/.test(videoUrl)) problems.push({ field: 'videoUrl', reason: 'must be an https:// address' });
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Meeting not changed', problems);
      const deliveries = await this.changes.move(manager, occurrence, series, { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000), location, videoUrl }, now);
      await this.audit.record(actor, 'meeting.move', { type: 'meeting-occurrence', id }, { fields: Object.keys(change) }, manager);
      return { view: await this.view(manager, occurrence, series), deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return view;
  }

  async cancel(actor: Actor, id: string, now = new Date()): Promise<OccurrenceView> {
    const { view, deliveries } = await this.dataSource.transaction(async (manager) => {
      const { occurrence, series } = await this.find(manager, actor.organisationId, id, true);
      const deliveries = await this.changes.cancel(manager, occurrence, series, now);
      await this.audit.record(actor, 'meeting.cancel', { type: 'meeting-occurrence', id }, {}, manager);
      return { view: await this.view(manager, occurrence, series), deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return view;
  }

  /** Sends the invitations now rather than at the series' lead time (and invites anyone new to the audience). */
  async inviteNow(actor: Actor, id: string): Promise<{ invited: number }> {
    const { occurrence } = await this.find(this.dataSource.manager, actor.organisationId, id);
    if (occurrence.status !== OccurrenceStatus.Scheduled || occurrence.startsAt.getTime() <= Date.now()) {
      throw new DomainError(DomainErrorCode.Conflict, 'This meeting is cancelled or has already started');
    }
    const invited = await this.invitations.inviteNow(id);
    await this.audit.record(actor, 'meeting.invite', { type: 'meeting-occurrence', id }, { invited });
    return { invited };
  }

  /** Who was invited and what they said and did: for staff only. */
  async roster(actor: Actor, id: string): Promise<RosterEntry[]> {
    await this.find(this.dataSource.manager, actor.organisationId, id);
    const rows: RosterEntry[] = await this.dataSource.query(
      `SELECT i.id AS "invitationId", i.graduate_id AS "graduateId", g.first_name AS "firstName", g.last_name AS "lastName", i.channel, i.rsvp,
              i.rsvp_at AS "rsvpAt", i.waitlisted_at AS "waitlistedAt", i.attendance, i.attendance_source AS "attendanceSource", i.rating
         FROM meeting_invitation i JOIN graduate g ON g.id = i.graduate_id
        WHERE i.occurrence_id = $1 ORDER BY g.sort_name, i.id`,
      [id],
    );
    await this.audit.record(actor, 'meeting.roster', { type: 'meeting-occurrence', id });
    return rows.map((r) => ({ ...r, rsvpAt: iso(r.rsvpAt), waitlistedAt: iso(r.waitlistedAt) }));
  }

  /** Marks the roster, many at once; a graduate of the organisation who was not invited (a walk-in) is added. */
  async markAttendance(actor: Actor, id: string, records: AttendanceRecord[], now = new Date()): Promise<{ changed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const { occurrence } = await this.find(manager, actor.organisationId, id, true);
      if (occurrence.status !== OccurrenceStatus.Scheduled) throw new DomainError(DomainErrorCode.Conflict, 'This meeting is cancelled');
      if (occurrence.startsAt.getTime() - now.getTime() > 3_600_000) {
        throw new DomainError(DomainErrorCode.Invalid, 'Attendance not recorded', [{ field: 'records', reason: 'can be marked from an hour before the meeting starts' }]);
      }
      const ids = records.map((r) => r.graduateId);
      const known: { id: string }[] = await manager.query(`SELECT id FROM graduate WHERE organisation_id = $1 AND id = ANY($2::uuid[])`, [actor.organisationId, ids]);
      const knownIds = new Set(known.map((k) => k.id));
      const problems = records.flatMap((r, i) => {
        if (!knownIds.has(r.graduateId)) return [{ field: `records.${i}.graduateId`, reason: 'is not a graduate of this organisation' }];
        if (ids.indexOf(r.graduateId) !== i) return [{ field: `records.${i}.graduateId`, reason: `repeats records.${ids.indexOf(r.graduateId)}` }];
        return [];
      });
      if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Attendance not recorded', problems);
      const changed = await recordAttendance(manager, occurrence, records, 'staff', now);
      await this.audit.record(actor, 'meeting.attendance', { type: 'meeting-occurrence', id }, { count: records.length }, manager);
      return { changed };
    });
  }

  private async view(manager: EntityManager, o: MeetingOccurrenceEntity, s: MeetingSeriesEntity): Promise<OccurrenceView> {
    return toView(o, s, (await this.counts(manager, [o.id])).get(o.id));
  }

  private async counts(manager: EntityManager, ids: string[]): Promise<Map<string, Counts>> {
    const rows: Counts[] = ids.length ? await manager.query(COUNTS_SQL, [ids]) : [];
    return new Map(rows.map((r) => [r.occurrence_id, r]));
  }

  private async find(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<{ occurrence: MeetingOccurrenceEntity; series: MeetingSeriesEntity }> {
    const occurrence = await manager.findOne(MeetingOccurrenceEntity, { where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!occurrence) throw new NotFoundError('Meeting');
    const series = await manager.findOneByOrFail(MeetingSeriesEntity, { id: occurrence.seriesId });
    return { occurrence, series };
  }
}

/**
 * Writes attendance (upserting an invitation for a walk-in) and an event for each change; marking
 * the same again records nothing. Shared by the roster and the attendee's own code.
 */
export async function recordAttendance(manager: EntityManager, occurrence: MeetingOccurrenceEntity, records: AttendanceRecord[], source: 'staff' | 'code', now: Date): Promise<number> {
  if (records.length === 0) return 0;
  const changed: { id: string; graduate_id: string; attendance: 'attended' | 'no_show' }[] = await manager.query(
    `INSERT INTO meeting_invitation (organisation_id, occurrence_id, graduate_id, attendance, attendance_at, attendance_source)
     SELECT $1, $2, g, a, $3, $4 FROM unnest($5::uuid[], $6::text[]) AS t(g, a)
     ON CONFLICT (occurrence_id, graduate_id) DO UPDATE
        SET attendance = EXCLUDED.attendance, attendance_at = EXCLUDED.attendance_at, attendance_source = EXCLUDED.attendance_source, updated_at = now()
      WHERE meeting_invitation.attendance IS DISTINCT FROM EXCLUDED.attendance
     RETURNING id, graduate_id, attendance`,
    [occurrence.organisationId, occurrence.id, now, source, records.map((r) => r.graduateId), records.map((r) => r.status)],
  );
  await appendEngagementEvents(
    manager,
    changed.map((r) => ({
      organisationId: occurrence.organisationId,
      graduateId: r.graduate_id,
      kind: r.attendance === 'attended' ? ('meeting.attended' as const) : ('meeting.no_show' as const),
      refId: r.id,
      payload: { occurrenceId: occurrence.id, source },
      occurredAt: now,
    })),
  );
  return changed.length;
}

function toView(o: MeetingOccurrenceEntity, s: MeetingSeriesEntity, c: Counts | undefined): OccurrenceView {
  const { rated, average, ...counts } = c ?? { occurrence_id: o.id, ...NO_COUNTS };
  const { occurrence_id: _id, ...numbers } = counts;
  return {
    id: o.id,
    seriesId: o.seriesId,
    title: s.title,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    timezone: s.timezone,
    place: placeOf({ occurrence: o, series: s }),
    location: o.location,
    videoUrl: o.videoUrl,
    status: o.status,
    sequence: o.sequence,
    checkInCode: o.checkInCode,
    invitedAt: o.invitedAt?.toISOString() ?? null,
    capacity: s.capacity,
    counts: numbers,
    rating: { count: rated, average: average === null ? null : Math.round(average * 100) / 100 },
  };
}

function iso(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}
