/** What an inbound SMS asks of us, before any check-in logic reads it as an answer. */
export interface InboundClassification {
  kind: 'stop' | 'start' | 'help' | 'other';
  /** The keyword as we know it (`STOP`), or the phrase matched for a plain-language revocation. */
  keyword?: string;
  /**
   * Set for a revocation in ordinary words ("please stop texting me"). Carriers and Twilio do
   * not act on these, so we must, and the FCC lets us confirm the opt-out in one reply.
   */
  plainLanguage?: true;
}

/**
 * Twilio's opt-out words (STOP … QUIT) plus REVOKE and OPTOUT from the CTIA/FCC list. Twilio
 * blocks the number on these whatever we do, so our records must agree. Spanish PARAR and
 * DETENER are added because we write to Spanish speakers and a one-word "stop" in their language
 * is as clear a revocation as ours (TCPA: any reasonable means); CANCELAR is left out because it
 * is a natural reply to a meeting reminder ("cancel my place"), which must not end all texts.
 */
export const STOP_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'PARAR', 'DETENER'] as const;
/**
 * Twilio also treats YES as opt-in, but "yes" is the answer to "do you need help?": it must
 * reach a coordinator as an escalation, never be swallowed as a re-subscription.
 */
export const START_KEYWORDS = ['START', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO', 'AYUDA'] as const;

const KEYWORDS: ReadonlyMap<string, InboundClassification['kind']> = new Map([
  ...STOP_KEYWORDS.map((k) => [k, 'stop'] as const),
  ...START_KEYWORDS.map((k) => [k, 'start'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

/**
 * Clear revocations in plain words, matched against the normalised text (lower case, no
 * accents, punctuation as spaces). Kept short on purpose: each one must be unmistakable, since
 * a false match silences check-ins for someone who may need them.
 */
const PLAIN_STOP_PHRASES: readonly RegExp[] = [
  /^(?:please |pls )?stop(?: (?:please|pls|now|it|all|stop))+$/,
  /^(?:please |pls )stop$/,
  /^(?:please |pls )?stop (?:texting|messaging|sending (?:texts|messages)|the (?:texts|messages))(?: please| pls)?$/,
  /(?<!\b(?:dont|don't|do not|never|not|cant|can't|cannot|wont|won't) )\bstop (?:texting|messaging|contacting|sending) me\b/,
  /\b(?:dont|don't|do not) (?:text|message|contact) me\b/,
  /\bunsubscribe me\b/,
  /\bno more (?:texts|text messages|messages)\b/,
  /^(?:please )?remove me(?: please)?$/,
  /\b(?:remove me from|take me off) (?:this|the|your) (?:texting |text |mailing |contact )?list\b/,
  /\bno me (?:envie|envien|mande|manden|escriba|escriban) mas\b/,
  /\bya no quiero (?:recibir )?(?:mensajes|textos)\b/,
  /\bdejen? de (?:enviarme|mandarme|escribirme)\b/,
];

/**
 * Classifies an inbound SMS body. A keyword counts only as the whole message (trimmed, any case,
 * surrounding punctuation ignored, "OPT OUT" read as OPTOUT), as carriers do: "stop" is an
 * opt-out, "stopped by the meeting" is an answer.
 *
 * 'help' only says the sender used a help keyword; from a graduate who was just asked how they
 * are, the check-in flow should still treat it as a possible call for help.
 */
export function classifyInbound(body: string): InboundClassification {
  const bare = body
    .normalize('NFC')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
  const compact = bare.replace(/[\s-]+/g, '');
  const kind = KEYWORDS.get(compact);
  if (kind) return { kind, keyword: compact };

  const words = plainWords(body);
  for (const phrase of PLAIN_STOP_PHRASES) {
    const match = phrase.exec(words);
    if (match) return { kind: 'stop', keyword: match[0], plainLanguage: true };
  }
  return { kind: 'other' };
}

/** Lower case, accents and emoji gone, curly apostrophes straight, other punctuation as spaces. */
function plainWords(body: string): string {
  return body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
