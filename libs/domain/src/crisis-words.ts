/**
 * Words and phrases in a check-in reply that must reach a person at once, with the 988 reply.
 * English and Spanish, since we write to both. The list errs towards escalation: "I don't want to
 * die" and "my friend overdosed" match too, because a coordinator reading a false alarm costs
 * minutes and a missed one can cost a life. Entries are matched as whole words, in any case, with
 * or without accents, and with any punctuation or spacing between their words ("self-harm",
 * "self  harm" and "selfharm" all match "self harm").
 */
export const DEFAULT_CRISIS_WORDS: readonly string[] = Object.freeze([
  'suicide',
  'suicidal',
  'kill myself',
  'killing myself',
  'end my life',
  'ending my life',
  'take my life',
  'take my own life',
  'end it all',
  'want to die',
  'wanna die',
  'wish I was dead',
  'wish I were dead',
  'better off dead',
  'no reason to live',
  'overdose',
  'overdosed',
  'overdosing',
  "OD'd",
  "OD'ed",
  'hurt myself',
  'hurting myself',
  'self harm',
  'self harming',
  'cut myself',
  'cutting myself',
  'suicidio',
  'suicida',
  'suicidarme',
  'matarme',
  'quitarme la vida',
  'acabar con mi vida',
  'quiero morir',
  'quiero morirme',
  'no quiero vivir',
  'sobredosis',
  'hacerme daño',
  'lastimarme',
  'cortarme',
]);

const patterns = new Map<string, RegExp>();

/**
 * The entries of `words` found in `text`, each once, in list order. Whole words only, so
 * "killing it at work" does not match "kill myself" and "odd" does not match "OD'd".
 */
export function findCrisisWords(text: string, words: readonly string[] = DEFAULT_CRISIS_WORDS): string[] {
  const folded = fold(text);
  return [...new Set(words.filter((word) => patternFor(word).test(folded)))];
}

function patternFor(word: string): RegExp {
  let pattern = patterns.get(word);
  if (!pattern) {
    const parts = fold(word).split(' ').filter(Boolean).map(escapeRegExp);
    // A space in an entry may be missing in the text: people type "selfharm" and "killmyself".
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${parts.join(' ?')}(?![\\p{L}\\p{N}])`, 'u');
    patterns.set(word, pattern);
  }
  return pattern;
}

/**
 * Lower case, accents gone ("daño" → "dano"), curly apostrophes straight, every other mark or
 * run of spaces as one space: what is left to compare is letters, digits and apostrophes.
 */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
