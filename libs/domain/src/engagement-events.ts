/**
 * Every kind of touchpoint the engagement record holds. Producers add kinds here as they land
 * (meetings and family sessions add theirs); the score weights and reports read the same list.
 */
export const ENGAGEMENT_KINDS = [
  'message.sent',
  'message.delivered',
  'message.failed',
  'message.opted_out',
  'message.received',
  'check_in.answered',
  'check_in.missed',
  'check_in.nudged',
  'alert.raised',
  'alert.resolved',
  'link.opened',
  'meeting.invited',
  'meeting.rsvp',
  'meeting.attended',
  'meeting.no_show',
  'meeting.rated',
  'family_session.notified',
  'family_session.attended',
  'family_session.no_show',
  'family_session.feedback',
  'outreach.reached',
  'outreach.attempted',
] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];
