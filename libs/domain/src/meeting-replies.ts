import { DateTime } from 'luxon';
import { DomainError, DomainErrorCode } from './domain-error';
import type { Language } from './graduate-rules';

export type RsvpAnswer = 'yes' | 'no';

/**
 * Whole replies only: one of these words is an answer, anything longer ("yes but late") is
 * something a person should read. Compared after lower-casing and dropping accents, so 'sí' is 'si'.
 */
const YES_WORDS: ReadonlySet<string> = new Set(['y', 'yes', 'yeah', 'yep', 'yup', 's', 'si']);
const NO_WORDS: ReadonlySet<string> = new Set(['n', 'no', 'nope', 'nah']);

/**
 * A text reply to an invitation: 'Y', 'yes', 'Yes!', 'si', 'sí', 'S' → yes; 'N', 'no', 'No.',
 * 'nope' → no; anything else (incl. 'yes but late', '1', 'stop') → null. Case, accents,
 * surrounding punctuation and whitespace are ignored.
 *
 * STOP and the other opt-out words are not answers: classifyInbound must see them first.
 */
export function parseRsvpReply(body: string): RsvpAnswer | null {
  const word = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toLowerCase();
  if (YES_WORDS.has(word)) return 'yes';
  if (NO_WORDS.has(word)) return 'no';
  return null;
}

export type RsvpOutcome = 'yes' | 'waitlisted' | 'no' | 'checked_in' | 'closed';

/**
 * Worded for a lock screen that anyone may see: a time and nothing about what the meeting is for
 * or who else comes. The Spanish avoids á, í, ó and ú (no "reunión", "está", "así"): one such
 * letter makes a text UCS-2, which cuts a segment from 160 characters to 70. Only a day name
 * ("miércoles", "sábado") can still bring one in.
 */
const REPLIES: Readonly<Record<Language, Readonly<Record<RsvpOutcome, (startsAt: string) => string>>>> = {
  en: {
    yes: (at) => `You're confirmed for ${at}. See you there!`,
    waitlisted: (at) => `There are no spots left for ${at}, so you're on the waitlist. We'll let you know if one opens up.`,
    no: (at) => `Thanks for letting us know. We've noted you can't make it on ${at}.`,
    checked_in: (at) => `You're checked in for ${at}. Thanks for coming!`,
    closed: (at) => `Sorry, we're no longer taking replies for ${at}.`,
  },
  es: {
    // "Usted", as every other message to graduates is worded.
    yes: (at) => `Listo, tiene lugar para el ${at}. ¡Le esperamos!`,
    waitlisted: (at) => `No quedan lugares para el ${at}. Le anotamos en la lista de espera y le avisamos si se libera uno.`,
    no: (at) => `Gracias por avisar. Anotamos que no puede venir el ${at}.`,
    checked_in: (at) => `Listo, registramos su asistencia del ${at}. ¡Gracias por venir!`,
    closed: (at) => `Lo sentimos, ya no se aceptan respuestas para el ${at}.`,
  },
};

/**
 * The text sent back after an SMS RSVP or an SMS check-in code, in the graduate's language.
 * `startsAt` is already formatted (formatMeetingTime). 'closed' means the meeting can no longer
 * be answered: cancelled or past.
 */
export function rsvpReplyText(outcome: RsvpOutcome, language: Language, startsAt: string): string {
  return REPLIES[language][outcome](startsAt);
}

/**
 * Letters and digits that cannot be mistaken for one another when read off a screen or a
 * whiteboard: no 0/O, 1/I/L, and no U (read as V, and keeps codes from spelling words).
 */
export const CHECK_IN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CHECK_IN_CODE_LENGTH = 6;

/**
 * A short attendance code shown at the meeting, e.g. 'K7P2QX'. `random(n)` must return an
 * integer in [0, n); give it a cryptographic source (crypto.randomInt), since a guessable code
 * lets someone be marked present without coming.
 */
export function newCheckInCode(random: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) {
    const index = random(CHECK_IN_CODE_ALPHABET.length);
    if (!Number.isInteger(index) || index < 0 || index >= CHECK_IN_CODE_ALPHABET.length) {
      throw new RangeError(`random(${CHECK_IN_CODE_ALPHABET.length}) returned ${index}`);
    }
    code += CHECK_IN_CODE_ALPHABET[index];
  }
  return code;
}

const CODE_PATTERN = new RegExp(`^[${CHECK_IN_CODE_ALPHABET}]{${CHECK_IN_CODE_LENGTH}}$`);

/**
 * What a person typed as a code ('k7p 2qx', ' K7P2QX ', 'K7P-2QX') → 'K7P2QX', or null if it
 * cannot be a code. Look-alikes are not mapped back (an O could have been a 0 or a Q), so a code
 * typed with one is refused rather than matched to someone else's.
 */
export function normaliseCheckInCode(text: string): string | null {
  const code = text.replace(/[\s-]+/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/**
 * The recipient-facing date and time, in their zone and language: en 'Thursday, March 18 at
 * 6:30 PM', es 'jueves, 18 de marzo a las 18:30' (and 'a la 1:15', as Spanish says one o'clock).
 */
export function formatMeetingTime(at: Date, timezone: string, language: Language): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale(language);
  if (!local.isValid) {
    const problem = Number.isNaN(at.getTime())
      ? { field: 'at', reason: 'must be a valid date' }
      : { field: 'timezone', reason: 'must be an IANA time zone such as America/Chicago' };
    throw new DomainError(DomainErrorCode.Invalid, 'Cannot format the meeting time', [problem]);
  }
  if (language === 'es') {
    const article = local.hour === 1 ? "'a la'" : "'a las'";
    return local.toFormat(`cccc, d 'de' LLLL ${article} H:mm`);
  }
  return local.toFormat("cccc, LLLL d 'at' h:mm a");
}
