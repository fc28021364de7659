import { DomainError } from './domain-error';
import { SUPPORTED_LANGUAGES } from './graduate-rules';
import {
  CHECK_IN_CODE_ALPHABET,
  formatMeetingTime,
  newCheckInCode,
  normaliseCheckInCode,
  parseRsvpReply,
  rsvpReplyText,
  type RsvpOutcome,
} from './meeting-replies';
import { findSensitiveWords } from './sensitive-words';
import { isGsm7 } from './sms-text';

describe('parseRsvpReply', () => {
  it.each(['Y', 'y', 'yes', 'Yes!', 'YES', ' yes. ', 'yep', 'si', 'sí', 'Sí', '¡Sí!', 'S', 's', 'yes 👍'])('reads %j as yes', (body) => {
    expect(parseRsvpReply(body)).toBe('yes');
  });

  it.each(['N', 'n', 'no', 'No.', 'NO!!', 'nope', ' no\n'])('reads %j as no', (body) => {
    expect(parseRsvpReply(body)).toBe('no');
  });

  it.each(['yes but late', 'no idea', 'maybe', '1', '0', 'stop', 'STOP', 'help', '', '   ', 'yess', 'si no', 'sino'])('leaves %j for a person', (body) => {
    expect(parseRsvpReply(body)).toBeNull();
  });
});

describe('rsvpReplyText', () => {
  const outcomes: RsvpOutcome[] = ['yes', 'waitlisted', 'no', 'checked_in', 'closed'];
  const at = { en: 'Thursday, March 18 at 6:30 PM', es: 'jueves, 18 de marzo a las 18:30' };
  const all = SUPPORTED_LANGUAGES.flatMap((language) => outcomes.map((outcome) => ({ language, outcome, text: rsvpReplyText(outcome, language, at[language]) })));

  it('names the meeting time in every reply', () => {
    for (const { language, text } of all) expect(text).toContain(at[language]);
  });

  it('gives each outcome its own wording', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      expect(new Set(outcomes.map((o) => rsvpReplyText(o, language, at[language]))).size).toBe(outcomes.length);
    }
  });

  it('says nothing that would reveal treatment, or who else is coming', () => {
    for (const { text } of all) {
      expect(findSensitiveWords(text)).toEqual([]);
      expect(text).not.toMatch(/\b(others?|everyone|people|group|otros|otras|todos|gente|grupo)\b/i);
    }
  });

  it('keeps to the GSM-7 alphabet, so a reply is not cut to 70-character segments', () => {
    for (const { text } of all) expect(isGsm7(text)).toBe(true);
  });

  it('fits one or two SMS segments', () => {
    for (const { text } of all) expect(text.length).toBeLessThanOrEqual(160);
  });

  it('reads naturally', () => {
    expect(rsvpReplyText('yes', 'en', at.en)).toBe("You're confirmed for Thursday, March 18 at 6:30 PM. See you there!");
    expect(rsvpReplyText('closed', 'es', at.es)).toBe('Lo sentimos, ya no se aceptan respuestas para el jueves, 18 de marzo a las 18:30.');
  });
});

describe('newCheckInCode', () => {
  it('makes six characters from the alphabet, as chosen by `random`', () => {
    expect(newCheckInCode(() => 0)).toBe('222222');
    const picks = [17, 5, 20, 0, 21, 27];
    expect(newCheckInCode(() => picks.shift() ?? 0)).toBe('K7P2QX');
  });

  it('asks for indices below the alphabet size', () => {
    const asked: number[] = [];
    newCheckInCode((n) => {
      asked.push(n);
      return n - 1;
    });
    expect(asked).toEqual(Array(6).fill(CHECK_IN_CODE_ALPHABET.length));
  });

  it('has no look-alike characters', () => {
    expect(CHECK_IN_CODE_ALPHABET).toMatch(/^[A-Z2-9]+$/);
    expect(CHECK_IN_CODE_ALPHABET).not.toMatch(/[0O1ILU]/);
    expect(new Set(CHECK_IN_CODE_ALPHABET).size).toBe(CHECK_IN_CODE_ALPHABET.length);
  });

  it('refuses a random source that breaks its promise', () => {
    expect(() => newCheckInCode((n) => n)).toThrow(RangeError);
    expect(() => newCheckInCode(() => 0.5)).toThrow(RangeError);
  });

  it('makes codes that normalise to themselves', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 31 + 11) % 1009) % n;
    for (let i = 0; i < 50; i++) {
      const code = newCheckInCode(random);
      expect(normaliseCheckInCode(code)).toBe(code);
    }
  });
});

describe('normaliseCheckInCode', () => {
  it.each(['k7p 2qx', ' K7P2QX ', 'K7P-2QX', 'k7p2qx', '\tK7P 2QX\n'])('reads %j as K7P2QX', (text) => {
    expect(normaliseCheckInCode(text)).toBe('K7P2QX');
  });

  it.each(['', 'K7P2Q', 'K7P2QXX', 'K7P2Q0', 'KOP2QX', 'K1P2QX', 'KIP2QX', 'KLP2QX', 'KUP2QX', 'K7P2Q!', 'yes', 'K7P.2QX'])(
    'refuses %j',
    (text) => {
      expect(normaliseCheckInCode(text)).toBeNull();
    },
  );
});

describe('formatMeetingTime', () => {
  const thursday = new Date('2027-03-18T22:30:00Z');

  it('writes the time on the recipient\'s clock, in their language', () => {
    expect(formatMeetingTime(thursday, 'America/New_York', 'en')).toBe('Thursday, March 18 at 6:30 PM');
    expect(formatMeetingTime(thursday, 'America/New_York', 'es')).toBe('jueves, 18 de marzo a las 18:30');
    expect(formatMeetingTime(thursday, 'America/Los_Angeles', 'en')).toBe('Thursday, March 18 at 3:30 PM');
    expect(formatMeetingTime(thursday, 'Europe/Madrid', 'es')).toBe('jueves, 18 de marzo a las 23:30');
  });

  it('crosses midnight into the next local day', () => {
    expect(formatMeetingTime(thursday, 'Asia/Tokyo', 'en')).toBe('Friday, March 19 at 7:30 AM');
  });

  it('says "a la" for one o\'clock in Spanish', () => {
    expect(formatMeetingTime(new Date('2027-06-01T17:05:00Z'), 'America/New_York', 'es')).toBe('martes, 1 de junio a las 13:05');
    expect(formatMeetingTime(new Date('2027-06-01T05:15:00Z'), 'America/New_York', 'es')).toBe('martes, 1 de junio a la 1:15');
  });

  it('uses only plain spaces, which every phone shows', () => {
    expect(formatMeetingTime(thursday, 'America/New_York', 'en')).not.toMatch(/[\u00a0\u202f]/);
  });

  it('refuses an unknown zone', () => {
    expect(() => formatMeetingTime(thursday, 'Mars/Olympus_Mons', 'en')).toThrow(DomainError);
  });
});
