import { DateTime } from 'luxon';
import { ianaZone } from './contact-rules';
import { Channel } from './graduate-rules';

/** How many routine messages one recipient may get on one channel. */
export interface RecipientCaps {
  perDay: number;
  perWeek: number;
}

/** Healthcare reminders by SMS: about one a day and three a week (TCPA healthcare exemption). */
export const DEFAULT_RECIPIENT_CAPS: Readonly<RecipientCaps> = Object.freeze({ perDay: 1, perWeek: 3 });
/** Email is not bound by the TCPA, but an inbox flooded by one sender gets unsubscribed from. */
export const DEFAULT_EMAIL_CAPS: Readonly<RecipientCaps> = Object.freeze({ perDay: 2, perWeek: 7 });
export const DEFAULT_CAPS_BY_CHANNEL: Readonly<Record<Channel, Readonly<RecipientCaps>>> = Object.freeze({
  sms: DEFAULT_RECIPIENT_CAPS,
  email: DEFAULT_EMAIL_CAPS,
});

/**
 * Urgent messages (escalation replies, crisis resources) are never held back by a cap. A
 * coordinator's reply inside a conversation the graduate started is not held by the recipient's
 * caps either (they asked; the caps are for reminders we start), but it waits out quiet hours.
 */
export const MessagePriority = { Routine: 'routine', Urgent: 'urgent', Conversation: 'conversation' } as const;
export type MessagePriority = (typeof MessagePriority)[keyof typeof MessagePriority];

export interface CapFacts {
  channel: Channel;
  priority: MessagePriority;
  /** Earlier sends of routine messages to this recipient on this channel; any order, older ones are ignored. */
  sentAt: readonly Date[];
  at: Date;
  /** The recipient's IANA zone: the daily cap counts their calendar day, not ours. */
  timezone: string;
  /** Defaults to DEFAULT_CAPS_BY_CHANNEL[channel]. */
  caps?: RecipientCaps;
}

export type CapDecision = { allowed: true } | { allowed: false; retryAt: Date; reason: string };

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Whether a routine message may go to this recipient now, and if not, the earliest instant it may.
 *
 * "Day" is the recipient's local calendar day, because that is the day they experience (two
 * texts at 23:00 and 01:00 are on different days for them). "Week" is a rolling 7×24 h window
 * rather than a calendar week, so three sends on a Saturday and three on the Monday after can
 * never happen, and DST cannot stretch or shrink it.
 */
export function capDecision(facts: CapFacts): CapDecision {
  if (facts.priority === MessagePriority.Urgent || facts.priority === MessagePriority.Conversation) return { allowed: true };
  const caps = facts.caps ?? DEFAULT_CAPS_BY_CHANNEL[facts.channel];
  assertCaps(caps);
  if (!ianaZone(facts.timezone)) throw new RangeError(`Unknown time zone "${facts.timezone}"`);

  // Caps are at least 1, so a recipient with no recent sends is never held (and no zone work is needed).
  if (facts.sentAt.length === 0) return { allowed: true };
  const sends = facts.sentAt.map((d) => d.getTime()).sort((a, b) => a - b);
  const first = blocks(sends, facts.at.getTime(), facts.timezone, caps);
  if (first.length === 0) return { allowed: true };

  // Waiting out one cap can land on a moment another still blocks (e.g. sends dated ahead of
  // `at` by clock skew), so step to the latest release until nothing blocks. Each step moves
  // forward past at least one send, so this ends.
  let retryAt = Math.max(...first.map((b) => b.releaseAt));
  for (let pending = blocks(sends, retryAt, facts.timezone, caps); pending.length > 0; ) {
    retryAt = Math.max(...pending.map((b) => b.releaseAt));
    pending = blocks(sends, retryAt, facts.timezone, caps);
  }
  return { allowed: false, retryAt: new Date(retryAt), reason: first.map((b) => b.reason).join('; ') };
}

interface Block {
  releaseAt: number;
  reason: string;
}

function blocks(sends: number[], at: number, timezone: string, caps: RecipientCaps): Block[] {
  const found: Block[] = [];
  const day = DateTime.fromMillis(at, { zone: timezone }).startOf('day');
  const dayStart = day.toMillis();
  const nextDay = day.plus({ days: 1 }).toMillis();
  const today = sends.filter((t) => t >= dayStart && t < nextDay).length;
  if (today >= caps.perDay) {
    found.push({ releaseAt: nextDay, reason: `daily cap of ${caps.perDay} reached for the recipient's local day` });
  }
  // Sends within (at − 7 days, ∞): a send exactly seven days ago has dropped out.
  const inWindow = sends.filter((t) => t > at - WEEK_MS);
  if (inWindow.length >= caps.perWeek) {
    // The window must lose enough of its oldest sends to fall below the cap.
    const mustDrop = inWindow[inWindow.length - caps.perWeek];
    found.push({ releaseAt: mustDrop + WEEK_MS, reason: `weekly cap of ${caps.perWeek} in 7 days reached` });
  }
  return found;
}

function assertCaps(caps: RecipientCaps): void {
  for (const [name, value] of Object.entries(caps)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`caps.${name} must be a whole number of at least 1`);
  }
}
