import {
  capDecision,
  type Channel,
  type ClockWindow,
  type GraduateStatus,
  type MessagePriority,
  nextAllowedInstant,
  type RecipientCaps,
} from '@continuum/domain';

export interface SendSettings {
  quietHours: ClockWindow;
  caps: Record<Channel, RecipientCaps>;
  orgDailyCap: number;
}

/** Everything the rules need about one delivery at one instant, gathered by the dispatcher. */
export interface SendFacts {
  now: Date;
  channel: Channel;
  priority: MessagePriority;
  notAfter: Date | null;
  recipient: {
    /** A staff member paged about the graduate: no consent asked, the graduate's status does not matter. */
    staff: boolean;
    /** The graduate's status (a contact's message follows the graduate's). */
    graduateStatus: GraduateStatus;
    /** False when the recipient is a contact who has been removed. */
    present: boolean;
    address: string | null;
    timezone: string;
    contactHours: ClockWindow | null;
  };
  consentActive: boolean;
  /** Earlier routine sends to this recipient on this channel in the last 7 days. */
  recentSends: Date[];
  orgSentToday: number;
  settings: SendSettings;
}

export type SendDecision =
  | { action: 'send' }
  | { action: 'cancel'; reason: CancelReason }
  | { action: 'defer'; until: Date; reason: 'quiet_hours' | 'recipient_cap' | 'organisation_cap' };

export type CancelReason = 'expired' | 'recipient_inactive' | 'recipient_removed' | 'no_address' | 'no_consent';

const DAY = 86_400_000;

/**
 * The rules every message passes at the moment it would be sent, in one place and in this order:
 * still wanted, recipient still there and reachable, consent active now; then, for routine
 * messages only, quiet hours in the recipient's timezone, the per-recipient caps and the
 * organisation's daily cap. Urgent messages (escalation replies, crisis resources) skip the last
 * three: a person who just asked for help is answered at once.
 */
export function decideSend(facts: SendFacts): SendDecision {
  const { now, recipient } = facts;
  const tooLate = (at: Date) => facts.notAfter !== null && at.getTime() >= facts.notAfter.getTime();
  if (tooLate(now)) return { action: 'cancel', reason: 'expired' };
  if (!recipient.present) return { action: 'cancel', reason: 'recipient_removed' };
  const urgent = facts.priority === 'urgent';
  if (recipient.staff) {
    // A page to a coordinator about the graduate: their job, so no consent, whatever the graduate's status.
    if (!recipient.address) return { action: 'cancel', reason: 'no_address' };
    return urgent ? { action: 'send' } : decideRoutine(facts);
  }
  if (recipient.graduateStatus === 'withdrawn' || recipient.graduateStatus === 'completed') {
    return { action: 'cancel', reason: 'recipient_inactive' };
  }
  if (recipient.graduateStatus === 'paused' && !urgent) return { action: 'cancel', reason: 'recipient_inactive' };
  if (!recipient.address) return { action: 'cancel', reason: 'no_address' };
  if (!facts.consentActive) return { action: 'cancel', reason: 'no_consent' };
  if (urgent) return { action: 'send' };
  return decideRoutine(facts);
}

/** Quiet hours, the recipient's caps and the organisation's cap: what a routine message also passes. */
function decideRoutine(facts: SendFacts): SendDecision {
  const { now, recipient } = facts;
  const tooLate = (at: Date) => facts.notAfter !== null && at.getTime() >= facts.notAfter.getTime();
  const allowedAt = nextAllowedInstant(now, recipient.timezone, facts.settings.quietHours, recipient.contactHours);
  if (allowedAt.getTime() > now.getTime()) {
    return tooLate(allowedAt) ? { action: 'cancel', reason: 'expired' } : { action: 'defer', until: allowedAt, reason: 'quiet_hours' };
  }
  const cap = capDecision({
    channel: facts.channel,
    priority: facts.priority,
    sentAt: facts.recentSends,
    at: now,
    timezone: recipient.timezone,
    caps: facts.settings.caps[facts.channel],
  });
  if (!cap.allowed) {
    // The cap lifts at some instant; quiet hours may push it further, and the next pass checks again.
    return tooLate(cap.retryAt) ? { action: 'cancel', reason: 'expired' } : { action: 'defer', until: cap.retryAt, reason: 'recipient_cap' };
  }
  if (facts.orgSentToday >= facts.settings.orgDailyCap) {
    const tomorrow = new Date(Math.floor(now.getTime() / DAY) * DAY + DAY);
    return tooLate(tomorrow) ? { action: 'cancel', reason: 'expired' } : { action: 'defer', until: tomorrow, reason: 'organisation_cap' };
  }
  return { action: 'send' };
}
