import {
  type ErrorDetail,
  findSensitiveWords,
  type MeetingRecurrence,
  parseIsoDuration,
  recurrenceProblems,
} from '@continuum/domain';
import type { MeetingAudience } from '@continuum/persistence';

export interface SeriesInput {
  title: string;
  description?: string | null;
  startsLocal: string;
  timezone: string;
  rrule?: string | null;
  durationMinutes: number;
  location?: string | null;
  videoUrl?: string | null;
  capacity?: number | null;
  audience: MeetingAudience;
  inviteLead?: string;
  reminderOffsets?: string[];
  remindNoReply?: boolean;
  /** The place is shown in messages; set this to name it even when it uses a word that could reveal treatment. */
  allowPlainWording?: boolean;
}

export const MAX_AUDIENCE_LIST = 5_000;
const MAX_LEAD_MS = 60 * 86_400_000;
const MAX_REMINDER_MS = 14 * 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a series as a whole (shapes were checked at the edge); field names as the caller wrote them. */
export function seriesProblems(input: SeriesInput): ErrorDetail[] {
  const recurrence: MeetingRecurrence = { startsLocal: input.startsLocal, timezone: input.timezone, rrule: input.rrule ?? null, durationMinutes: input.durationMinutes };
  const problems = recurrenceProblems(recurrence);
  if (!input.title.trim()) problems.push({ field: 'title', reason: 'must not be empty' });
  if (!input.location?.trim() && !input.videoUrl) problems.push({ field: 'location', reason: 'is required when there is no videoUrl' });
  if (input.videoUrl && !/^https:\/\/[^\s]+$/.test(input.videoUrl)) problems.push({ field: 'videoUrl', reason: 'must be an https:// address' });
  if (input.location && !input.allowPlainWording) {
    for (const word of findSensitiveWords(input.location)) {
      problems.push({ field: 'location', reason: `uses the word "${word}", which messages would show on a lock screen; reword it or set allowPlainWording` });
    }
  }
  if (input.inviteLead !== undefined) problems.push(...durationProblems('inviteLead', input.inviteLead, MAX_LEAD_MS, '60 days'));
  (input.reminderOffsets ?? []).forEach((offset, i) => problems.push(...durationProblems(`reminderOffsets.${i}`, offset, MAX_REMINDER_MS, '14 days')));
  problems.push(...audienceProblems(input.audience));
  return problems;
}

function durationProblems(field: string, value: string, maxMs: number, maxWords: string): ErrorDetail[] {
  const parsed = parseIsoDuration(value);
  if (!parsed.ok) return [{ field, reason: `must be an ISO 8601 duration such as P7D or PT1H: ${parsed.reason}` }];
  if (parsed.value.maxMs <= 0) return [{ field, reason: 'must be longer than zero' }];
  if (parsed.value.maxMs > maxMs) return [{ field, reason: `must be at most ${maxWords}` }];
  return [];
}

function audienceProblems(audience: MeetingAudience): ErrorDetail[] {
  if (audience.type === 'cohort') {
    const problems: ErrorDetail[] = [];
    for (const key of ['dischargedFrom', 'dischargedTo'] as const) {
      const value = audience[key];
      if (value !== null && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) problems.push({ field: `audience.${key}`, reason: 'must be a date like 2027-01-31, or null' });
    }
    if (!audience.dischargedFrom && !audience.dischargedTo) problems.push({ field: 'audience', reason: 'a cohort needs dischargedFrom, dischargedTo or both' });
    if (problems.length === 0 && audience.dischargedFrom && audience.dischargedTo && audience.dischargedFrom > audience.dischargedTo) {
      problems.push({ field: 'audience.dischargedTo', reason: 'must not be before dischargedFrom' });
    }
    return problems;
  }
  if (audience.type === 'list') {
    if (audience.graduateIds.length === 0) return [{ field: 'audience.graduateIds', reason: 'must name at least one graduate' }];
    if (audience.graduateIds.length > MAX_AUDIENCE_LIST) return [{ field: 'audience.graduateIds', reason: `must name at most ${MAX_AUDIENCE_LIST} graduates` }];
  }
  return [];
}
