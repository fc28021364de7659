import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { DomainError, DomainErrorCode, meetingOccurrences, newCheckInCode, NotFoundError } from '@continuum/domain';
import { DeliveryScheduler, type ScheduledDelivery } from '@continuum/delivery';
import { type Actor, AuditService, type Page } from '@continuum/people';
import { MeetingOccurrenceEntity, MeetingSeriesEntity, OccurrenceStatus } from '@continuum/persistence';
import { OccurrenceChanges } from './occurrence-changes';
import { type SeriesInput, seriesProblems } from './meeting-series-rules';

/** How far ahead occurrences exist; the meeting sweep keeps it so. */
export const HORIZON_DAYS = 120;
const HORIZON_MS = HORIZON_DAYS * 86_400_000;
/** Fields whose change moves occurrences (the rest only change what later messages say). */
const SCHEDULE_FIELDS = ['startsLocal', 'timezone', 'rrule', 'durationMinutes', 'location', 'videoUrl'] as const;

export interface SeriesView {
  id: string;
  title: string;
  description: string | null;
  startsLocal: string;
  timezone: string;
  rrule: string | null;
  durationMinutes: number;
  location: string | null;
  videoUrl: string | null;
  capacity: number | null;
  audience: SeriesInput['audience'];
  inviteLead: string;
  reminderOffsets: string[];
  remindNoReply: boolean;
  status: string;
  createdAt: string;
}

export function toSeriesView(s: MeetingSeriesEntity): SeriesView {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    startsLocal: s.startsLocal,
    timezone: s.timezone,
    rrule: s.rrule,
    durationMinutes: s.durationMinutes,
    location: s.location,
    videoUrl: s.videoUrl,
    capacity: s.capacity,
    audience: s.audience,
    inviteLead: s.inviteLead,
    reminderOffsets: s.reminderOffsets,
    remindNoReply: s.remindNoReply,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * Meeting series: the rule, the place and the audience, and the occurrences materialised from
 * them up to HORIZON_DAYS ahead. Changing when or where a series meets moves its future
 * occurrences in order (the first to the new first time, and so on), so each keeps its
 * invitations and answers, and those already invited get one notice each.
 */
@Injectable()
export class MeetingSeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: OccurrenceChanges,
    private readonly deliveries: DeliveryScheduler,
  ) {}

  async create(actor: Actor, input: SeriesInput, now = new Date()): Promise<SeriesView> {
    const series = await this.dataSource.transaction(async (manager) => {
      await this.check(manager, actor.organisationId, input);
      const saved = await manager.save(
        manager.create(MeetingSeriesEntity, {
          organisationId: actor.organisationId,
          title: input.title.trim(),
          description: input.description ?? null,
          startsLocal: input.startsLocal,
          timezone: input.timezone,
          rrule: input.rrule?.replace(/^RRULE:/i, '') ?? null,
          durationMinutes: input.durationMinutes,
          location: input.location?.trim() || null,
          videoUrl: input.videoUrl ?? null,
          capacity: input.capacity ?? null,
          audience: input.audience,
          ...(input.inviteLead ? { inviteLead: input.inviteLead } : {}),
          ...(input.reminderOffsets ? { reminderOffsets: input.reminderOffsets } : {}),
          remindNoReply: input.remindNoReply ?? false,
        }),
      );
      await this.materialise(manager, saved, now);
      await this.audit.record(actor, 'meeting-series.create', { type: 'meeting-series', id: saved.id }, {}, manager);
      return saved;
    });
    return toSeriesView(series);
  }

  async list(actor: Actor, page: number, pageSize: number): Promise<Page<SeriesView>> {
    const [rows, total] = await this.dataSource.getRepository(MeetingSeriesEntity).findAndCount({
      where: { organisationId: actor.organisationId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toSeriesView), page, pageSize, total };
  }

  async get(actor: Actor, id: string): Promise<SeriesView> {
    return toSeriesView(await this.find(this.dataSource.manager, actor.organisationId, id));
  }

  async update(actor: Actor, id: string, patch: Partial<SeriesInput>, now = new Date()): Promise<SeriesView> {
    const { series, deliveries } = await this.dataSource.transaction(async (manager) => {
      const series = await this.find(manager, actor.organisationId, id, true);
      if (series.status !== 'active') throw new DomainError(DomainErrorCode.Conflict, 'This meeting series is cancelled');
      const merged: SeriesInput = { ...toSeriesView(series), ...patch } as SeriesInput;
      await this.check(manager, actor.organisationId, merged);
      const moved = SCHEDULE_FIELDS.some((f) => patch[f] !== undefined && patch[f] !== series[f]);
      const placeChanged = (['location', 'videoUrl'] as const).some((f) => patch[f] !== undefined && patch[f] !== series[f]);
      Object.assign(series, {
        title: merged.title.trim(),
        description: merged.description ?? null,
        startsLocal: merged.startsLocal,
        timezone: merged.timezone,
        rrule: merged.rrule?.replace(/^RRULE:/i, '') ?? null,
        durationMinutes: merged.durationMinutes,
        location: merged.location?.trim() || null,
        videoUrl: merged.videoUrl ?? null,
        capacity: merged.capacity ?? null,
        audience: merged.audience,
        inviteLead: merged.inviteLead ?? series.inviteLead,
        reminderOffsets: merged.reminderOffsets ?? series.reminderOffsets,
        remindNoReply: merged.remindNoReply ?? series.remindNoReply,
      });
      await manager.save(series);
      const deliveries = moved ? await this.reschedule(manager, series, placeChanged, now) : [];
      await this.audit.record(actor, 'meeting-series.update', { type: 'meeting-series', id }, { fields: Object.keys(patch) }, manager);
      return { series, deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return toSeriesView(series);
  }

  /** Cancels the series and every occurrence still to come, with one notice to each person already invited. */
  async cancel(actor: Actor, id: string, now = new Date()): Promise<SeriesView> {
    const { series, deliveries } = await this.dataSource.transaction(async (manager) => {
      const series = await this.find(manager, actor.organisationId, id, true);
      const deliveries: ScheduledDelivery[] = [];
      if (series.status === 'active') {
        for (const occurrence of await this.future(manager, series.id, now)) deliveries.push(...(await this.changes.cancel(manager, occurrence, series, now)));
        series.status = 'cancelled';
        await manager.save(series);
        await this.audit.record(actor, 'meeting-series.cancel', { type: 'meeting-series', id }, {}, manager);
      }
      return { series, deliveries };
    });
    await this.deliveries.enqueue(deliveries);
    return toSeriesView(series);
  }

  materialise(manager: EntityManager, series: MeetingSeriesEntity, now = new Date()): Promise<number> {
    return materialiseOccurrences(manager, series, now);
  }

  /** After a change of rule or place: future occurrences move in order to the new times; extra ones are cancelled, missing ones made. */
  private async reschedule(manager: EntityManager, series: MeetingSeriesEntity, placeChanged: boolean, now: Date): Promise<ScheduledDelivery[]> {
    const future = await this.future(manager, series.id, now);
    const fresh = meetingOccurrences(series, now, new Date(now.getTime() + HORIZON_MS));
    const deliveries: ScheduledDelivery[] = [];
    for (const [i, occurrence] of future.entries()) {
      const target = fresh[i];
      if (!target) {
        deliveries.push(...(await this.changes.cancel(manager, occurrence, series, now)));
        continue;
      }
      const sameTime = occurrence.startsAt.getTime() === target.startsAt.getTime() && occurrence.endsAt.getTime() === target.endsAt.getTime();
      const samePlace = !placeChanged && !occurrence.location && !occurrence.videoUrl;
      // A move also takes the series' place: an occurrence's own place goes with its old time.
      if (!sameTime || !samePlace) {
        deliveries.push(...(await this.changes.move(manager, occurrence, series, { startsAt: target.startsAt, endsAt: target.endsAt, location: null, videoUrl: null }, now)));
      }
    }
    await this.materialise(manager, series, now);
    return deliveries;
  }

  private future(manager: EntityManager, seriesId: string, now: Date): Promise<MeetingOccurrenceEntity[]> {
    return manager
      .getRepository(MeetingOccurrenceEntity)
      .createQueryBuilder('o')
      .where('o.series_id = :seriesId AND o.status = :s AND o.starts_at > :now', { seriesId, s: OccurrenceStatus.Scheduled, now })
      .orderBy('o.startsAt', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  private async find(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<MeetingSeriesEntity> {
    const series = await manager.findOne(MeetingSeriesEntity, { where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!series) throw new NotFoundError('Meeting series');
    return series;
  }

  /** The series' own rules, then that its program and hand-picked graduates are this organisation's. */
  private async check(manager: EntityManager, organisationId: string, input: SeriesInput): Promise<void> {
    const problems = seriesProblems(input);
    const audience = input.audience;
    const programId = audience.type === 'program' ? audience.programId : audience.type === 'cohort' ? (audience.programId ?? null) : null;
    if (programId) {
      const found: unknown[] = await manager.query(`SELECT 1 FROM program WHERE organisation_id = $1 AND id = $2`, [organisationId, programId]);
      if (found.length === 0) problems.push({ field: 'audience.programId', reason: 'is not a program of this organisation' });
    }
    if (audience.type === 'list' && problems.length === 0) {
      const found: { id: string }[] = await manager.query(`SELECT id FROM graduate WHERE organisation_id = $1 AND id = ANY($2::uuid[])`, [organisationId, audience.graduateIds]);
      const known = new Set(found.map((r) => r.id));
      const unknown = audience.graduateIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) problems.push({ field: `audience.graduateIds.${unknown}`, reason: 'is not a graduate of this organisation' });
    }
    if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Meeting series not saved', problems);
  }
}

/**
 * Writes the rule's occurrences from now to the horizon that do not exist yet. An instant an
 * existing occurrence was given (its slot) or moved to (its start) is not made again.
 */
export async function materialiseOccurrences(manager: EntityManager, series: MeetingSeriesEntity, now = new Date()): Promise<number> {
  if (series.status !== 'active') return 0;
  const until = new Date(now.getTime() + HORIZON_MS);
  const occurrences = meetingOccurrences(series, now, until);
  const inserted: unknown[] = occurrences.length
    ? await manager.query(
        `INSERT INTO meeting_occurrence (organisation_id, series_id, slot, starts_at, ends_at, check_in_code)
         SELECT $1, $2, c.slot, c.slot, c.ends, c.code FROM unnest($3::timestamptz[], $4::timestamptz[], $5::text[]) AS c(slot, ends, code)
          WHERE NOT EXISTS (SELECT 1 FROM meeting_occurrence o WHERE o.series_id = $2 AND (o.slot = c.slot OR o.starts_at = c.slot))
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          series.organisationId,
          series.id,
          occurrences.map((o) => o.startsAt),
          occurrences.map((o) => o.endsAt),
          occurrences.map(() => newCheckInCode((n) => randomInt(n))),
        ],
      )
    : [];
  await manager.query(`UPDATE meeting_series SET materialised_until = $2 WHERE id = $1`, [series.id, until]);
  return inserted.length;
}

/** The demo organisation's weekly alumni evening, open to all alumni, with its occurrences. */
export async function seedDemoMeetings(manager: EntityManager, organisationId: string, now = new Date()): Promise<void> {
  const nextThursday = DateTime.fromJSDate(now, { zone: 'America/Chicago' }).plus({ days: 1 }).startOf('day');
  const first = nextThursday.plus({ days: (4 - nextThursday.weekday + 7) % 7 });
  const series = await manager.save(
    manager.create(MeetingSeriesEntity, {
      organisationId,
      title: 'Thursday alumni evening (demo)',
      startsLocal: `${first.toFormat('yyyy-MM-dd')}T18:30`,
      timezone: 'America/Chicago',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      durationMinutes: 90,
      location: '1200 Riverside Avenue, Suite 300',
      videoUrl: null,
      capacity: 20,
      audience: { type: 'all' },
    }),
  );
  await materialiseOccurrences(manager, series, now);
}
