import type { ErrorDetail } from './domain-error';

/** What a consent allows us to send; separate so leaving meeting invites does not silence check-ins. */
export const ConsentPurpose = {
  CheckIns: 'check_ins',
  MeetingInvites: 'meeting_invites',
  FamilySessionNotices: 'family_session_notices',
} as const;
export type ConsentPurpose = (typeof ConsentPurpose)[keyof typeof ConsentPurpose];
export const CONSENT_PURPOSES = Object.values(ConsentPurpose);

export const ConsentDecision = { Granted: 'granted', Revoked: 'revoked' } as const;
export type ConsentDecision = (typeof ConsentDecision)[keyof typeof ConsentDecision];

/** How the graduate gave or took back the consent (42 CFR §2.31 asks us to keep it). */
export const ConsentMethod = {
  Form: 'form',
  VerbalRecordedByStaff: 'verbal',
  WrittenOnFile: 'written',
  SmsKeyword: 'sms_keyword',
  UnsubscribeLink: 'unsubscribe_link',
  StaffAction: 'staff_action',
} as const;
export type ConsentMethod = (typeof ConsentMethod)[keyof typeof ConsentMethod];
export const CONSENT_METHODS = Object.values(ConsentMethod);
/** Methods a staff member may record through the API; the others are written by the system itself. */
export const STAFF_GRANT_METHODS: ConsentMethod[] = ['form', 'verbal', 'written'];
export const STAFF_REVOKE_METHODS: ConsentMethod[] = ['verbal', 'written', 'staff_action'];

export type ConsentRecipient = { type: 'graduate' } | { type: 'contact'; contactId: string };

/** The recipient a nullable contact id stands for: the contact, or the graduate themself. */
export function recipientOf(contactId: string | null | undefined): ConsentRecipient {
  return contactId ? { type: 'contact', contactId } : { type: 'graduate' };
}

/** The longest a consent to a family member or support contact may run before it must be renewed. */
export const MAX_CONTACT_CONSENT_DAYS = 366;

export interface ConsentGrantFacts {
  recipient: ConsentRecipient;
  decision: ConsentDecision;
  method: ConsentMethod;
  description?: string | null;
  shownText?: string | null;
  expiresAt?: Date | null;
}

/**
 * What a record must carry to be a valid consent. A disclosure to someone other than the
 * graduate (§2.31) needs a description of what may be shared, the text the graduate agreed to
 * and an expiry; a grant to the graduate themself still needs the text shown, as TCPA evidence.
 */
export function consentProblems(facts: ConsentGrantFacts, now: Date): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (facts.decision === 'revoked') return problems;
  if (!facts.shownText?.trim()) problems.push({ field: 'shownText', reason: 'must hold the consent text the graduate saw or heard' });
  if (facts.expiresAt && facts.expiresAt.getTime() <= now.getTime()) {
    problems.push({ field: 'expiresAt', reason: 'must be in the future' });
  }
  if (facts.recipient.type === 'contact') {
    if (!facts.description?.trim()) {
      problems.push({ field: 'description', reason: 'must say what may be shared with this contact' });
    }
    if (!facts.expiresAt) {
      problems.push({ field: 'expiresAt', reason: 'is required for a consent to share with a contact' });
    } else if (facts.expiresAt.getTime() - now.getTime() > MAX_CONTACT_CONSENT_DAYS * 86_400_000) {
      problems.push({ field: 'expiresAt', reason: `must be within ${MAX_CONTACT_CONSENT_DAYS} days` });
    }
  }
  return problems;
}

export interface ConsentRecordFacts {
  decision: ConsentDecision;
  expiresAt: Date | null;
}

/**
 * The one rule every send path relies on: the latest record for a recipient, channel and purpose
 * decides, and it allows sending only while it is a grant that has not expired. No record means no.
 */
export function isConsentActive(latest: ConsentRecordFacts | null | undefined, at: Date): boolean {
  if (!latest || latest.decision !== 'granted') return false;
  return latest.expiresAt === null || latest.expiresAt.getTime() > at.getTime();
}
