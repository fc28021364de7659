/** How a coordinator reached out, and what came of it (the contact log). */
export const CONTACT_METHODS = ['call', 'text', 'visit', 'voicemail', 'email'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_OUTCOMES = ['reached', 'left_message', 'no_answer', 'wrong_number'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/**
 * What puts a graduate on a coordinator's worklist, in the order they are worked: an escalation
 * waiting for a human first, then the signals that someone is slipping away, then planned work.
 */
export const WORKLIST_REASONS = ['escalation', 'at_risk', 'missed_check_in', 'no_touch', 'inbound', 'next_step', 'follow_up'] as const;
export type WorklistReason = (typeof WORKLIST_REASONS)[number];

/** A graduate is on the list for having no touchpoint of their own for this long. */
export const WORKLIST_NO_TOUCH_DAYS = 21;
/** Missed check-ins older than this no longer call for a call. */
export const WORKLIST_MISSED_DAYS = 14;

/** A coordinator's reply counts as inside the conversation (so no recipient cap holds it) this long after the graduate last wrote. */
export const CONVERSATION_OPEN_HOURS = 24;
export const MAX_REPLY_LENGTH = 1_000;
