import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DomainError, DomainErrorCode, type ErrorDetail } from './domain-error';
import { isEmailAddress } from './graduate-fields';

export interface CalendarInvite {
  method: 'REQUEST' | 'CANCEL';
  /** Stable per occurrence, e.g. '<occurrenceId>@host': a calendar matches updates and cancellations by it. */
  uid: string;
  /** Bumps each time the occurrence moves or is cancelled, so calendars take the newer copy. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  /**
   * The meeting's zone. The file gives the times in UTC, which every calendar shows in its own
   * zone; naming this zone would need a VTIMEZONE block, and ical-generator only writes one with a
   * separate time zone package.
   */
  timezone: string;
  summary: string;
  location: string | null;
  url: string | null;
  description: string | null;
  organizer: { name: string; email: string };
  /** The one recipient. Never anyone else: nobody learns who else was invited. */
  attendee: { name: string; email: string };
  stamp: Date;
}

/**
 * An iCalendar (RFC 5545/5546) file inviting one person to one occurrence, or cancelling it.
 *
 * Each occurrence is its own event with its own UID rather than one recurring event: a graduate
 * answers, moves and is checked in per meeting, and a single cancelled meeting then needs no
 * RECURRENCE-ID exceptions, which calendars handle unevenly.
 *
 * Throws DomainError (invalid, with details) for an address, link or time range that would make a
 * broken or misleading file. Text values are escaped by ical-generator; addresses and the link are
 * checked here because it writes them as they are, and a line break in one could add an attendee.
 */
export function calendarInvite(invite: CalendarInvite): string {
  const problems = inviteProblems(invite);
  if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Cannot write the calendar invitation', problems);
  const request = invite.method === 'REQUEST';

  const calendar = ical({
    prodId: { company: 'Continuum', product: 'Meetings', language: 'EN' },
    method: request ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  const event = calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp: invite.stamp,
    start: invite.startsAt,
    end: invite.endsAt,
    summary: invite.summary,
    location: invite.location || null,
    url: invite.url ? new URL(invite.url).href : null,
    description: invite.description || null,
    organizer: { name: displayName(invite.organizer.name), email: invite.organizer.email },
    status: request ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
  });
  event.createAttendee({
    name: displayName(invite.attendee.name),
    email: invite.attendee.email,
    role: ICalAttendeeRole.REQ,
    // A cancellation asks nothing of the recipient, so it carries no reply request.
    ...(request ? { rsvp: true, status: ICalAttendeeStatus.NEEDSACTION } : {}),
  });
  return calendar.toString();
}

function inviteProblems(invite: CalendarInvite): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!/^[\x21-\x7e]+$/.test(invite.uid)) problems.push({ field: 'uid', reason: 'must be printable ASCII without spaces' });
  if (!Number.isInteger(invite.sequence) || invite.sequence < 0) {
    problems.push({ field: 'sequence', reason: 'must be a whole number, 0 or more' });
  }
  for (const field of ['startsAt', 'endsAt', 'stamp'] as const) {
    if (Number.isNaN(invite[field].getTime())) problems.push({ field, reason: 'must be a valid date' });
  }
  if (!(invite.endsAt.getTime() > invite.startsAt.getTime())) problems.push({ field: 'endsAt', reason: 'must be after startsAt' });
  if (!isEmailAddress(invite.organizer.email)) problems.push({ field: 'organizer.email', reason: 'must be an email address' });
  if (!isEmailAddress(invite.attendee.email)) problems.push({ field: 'attendee.email', reason: 'must be an email address' });
  if (invite.url && !isWebLink(invite.url)) problems.push({ field: 'url', reason: 'must be an http or https link' });
  return problems;
}

function isWebLink(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A name goes into a quoted CN parameter, where a line break has no business. */
function displayName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}
