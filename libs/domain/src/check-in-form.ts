import type { ErrorDetail } from './domain-error';
import { INSTRUMENTS, instrumentProblems, type InstrumentKey } from './instruments';

/** A quick check-in as answered on the web form behind a graduate's private link. */
export interface QuickAnswer {
  /** 1 (very bad) to 5 (great), the same scale as an SMS reply. */
  mood: number;
  /** 0 (none) to 10 (the strongest). */
  craving: number;
  usedSinceLast: boolean;
  wantsCall: boolean;
  /** Anything else they wrote, trimmed; null when they wrote nothing. */
  text: string | null;
}

/** The longest free text a check-in keeps: enough for a few paragraphs, short enough to read in a queue. */
export const MAX_ANSWER_TEXT = 2000;

type FormBody = Record<string, unknown>;

/**
 * Reads a posted quick check-in form (application/x-www-form-urlencoded, so every value is a
 * string). Every problem is collected, each named by its form field, so the page can show them
 * all at once instead of making a person on a phone fix one answer per round trip.
 */
export function parseQuickAnswerForm(body: FormBody): { ok: true; value: QuickAnswer } | { ok: false; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const mood = readWholeNumber(body, 'mood', 1, 5, true, problems);
  const craving = readWholeNumber(body, 'craving', 0, 10, true, problems);
  const used = readYesNo(body, 'used', true, problems);
  const call = readYesNo(body, 'call', false, problems);
  const text = readText(body, 'text', problems);
  if (problems.length || mood === null || craving === null || used === null) return { ok: false, problems };
  return { ok: true, value: { mood, craving, usedSinceLast: used, wantsCall: call ?? false, text } };
}

/**
 * Reads a posted instrument form: one radio group per item, named by the item's id (`q3`). An
 * item left blank is left out, so instrumentProblems decides whether it was required; its
 * problems are renamed from `responses.q3` to the form field `q3`. Fields the instrument does not
 * have (the submit button, a CSRF token) are ignored: a form posts more than its answers.
 */
export function parseInstrumentForm(
  key: InstrumentKey,
  body: FormBody,
): { ok: true; responses: Record<string, number> } | { ok: false; problems: ErrorDetail[] } {
  const definition = INSTRUMENTS[key];
  const responses: Record<string, number> = {};
  for (const item of definition.items) {
    const raw = fieldOf(body, item.id);
    if (raw === undefined) continue;
    const text = typeof raw === 'string' ? raw.trim() : null;
    if (text === '') continue;
    // Anything that is not a whole number (text, a repeated field) can be none of the item's
    // answers; NaN carries that to instrumentProblems, which then names the allowed answers.
    responses[item.id] = text !== null && WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  }
  const problems = instrumentProblems(key, responses).map(({ field, reason }) => ({
    field: field.startsWith(RESPONSES_PREFIX) ? field.slice(RESPONSES_PREFIX.length) : field,
    reason,
  }));
  return problems.length ? { ok: false, problems } : { ok: true, responses };
}

const RESPONSES_PREFIX = 'responses.';
const WHOLE_NUMBER = /^[0-9]+$/;

/**
 * The posted value of a field, or undefined when it was not posted. Own properties only: a body
 * parsed into an ordinary object would otherwise "have" `constructor` or `toString`.
 */
function fieldOf(body: FormBody, name: string): unknown {
  return body !== null && typeof body === 'object' && Object.hasOwn(body, name) ? body[name] : undefined;
}

/**
 * A string field, trimmed; undefined when absent or blank (an unanswered radio group posts
 * nothing, an emptied input posts ""), null when it is not a single string (a repeated field
 * parses to an array, `a[b]=c` to an object).
 */
function readString(body: FormBody, name: string): string | null | undefined {
  const raw = fieldOf(body, name);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return text === '' ? undefined : text;
}

function readWholeNumber(body: FormBody, name: string, min: number, max: number, required: boolean, problems: ErrorDetail[]): number | null {
  const text = readString(body, name);
  if (text === undefined) {
    if (required) problems.push({ field: name, reason: 'is required' });
    return null;
  }
  // Digits only: "3.5", "4abc", "-1", "1e0" and "0x3" are not whole numbers a radio button posts.
  const value = text !== null && WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ field: name, reason: `must be a whole number from ${min} to ${max}` });
    return null;
  }
  return value;
}

/** "yes" or "no", as the radio buttons and the checkbox post them; a missing checkbox means no. */
function readYesNo(body: FormBody, name: string, required: boolean, problems: ErrorDetail[]): boolean | null {
  const text = readString(body, name);
  if (text === undefined) {
    if (required) problems.push({ field: name, reason: 'is required' });
    return null;
  }
  const answer = text?.toLowerCase();
  if (answer === 'yes') return true;
  if (answer === 'no') return false;
  problems.push({ field: name, reason: 'must be yes or no' });
  return null;
}

/**
 * Optional free text, trimmed, blank as null. Browsers post a textarea's line breaks as CRLF but
 * count them as one character against maxlength, so they are made LF before the length check: a
 * text the page accepted is never refused for its line breaks.
 */
function readText(body: FormBody, name: string, problems: ErrorDetail[]): string | null {
  const raw = fieldOf(body, name);
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') {
    problems.push({ field: name, reason: 'must be text' });
    return null;
  }
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length > MAX_ANSWER_TEXT) {
    problems.push({ field: name, reason: `must be at most ${MAX_ANSWER_TEXT} characters` });
    return null;
  }
  return text === '' ? null : text;
}
