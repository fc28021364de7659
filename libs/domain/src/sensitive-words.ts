/**
 * Words that would tell whoever sees a lock screen or an inbox preview that the recipient is in
 * treatment for substance use (42 CFR Part 2: the message itself can be the disclosure).
 * An entry written all in capitals is an acronym and matches only in capitals ("NA", not "na"
 * in "banana"); every other entry matches in any case and with or without accents. Plurals
 * need no entry of their own ("drugs", "drogas"): findSensitiveWords accepts an -s or -es ending.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = Object.freeze([
  'rehab',
  'rehabilitation',
  'addiction',
  'addict',
  'addicted',
  'recovery',
  'sober',
  'sobriety',
  'detox',
  'relapse',
  'substance',
  'alcohol',
  'alcoholic',
  'drug',
  'opioid',
  'methadone',
  'suboxone',
  'narcotics',
  'AA',
  'NA',
  '12-step',
  'treatment',
  'IOP',
  'overdose',
  'withdrawal',
  'adicción',
  'adicto',
  'adicta',
  'rehabilitación',
  'recuperación',
  'sobriedad',
  'sobrio',
  'sobria',
  'desintoxicación',
  'recaída',
  'sustancia',
  'alcohólico',
  'alcohólica',
  'droga',
  'tratamiento',
]);

const patterns = new Map<string, RegExp>();

/**
 * The entries of `words` that occur in `text` as whole words, each once, in list order. A plural
 * ending (s, es) still matches, so "opioids" and "adicciones" are caught; a word inside a longer
 * one ("drugstore", "NAtional") is not. Hyphens and spaces in an entry are interchangeable
 * ("12-step", "12 step", "12step").
 */
export function findSensitiveWords(text: string, words: readonly string[] = DEFAULT_SENSITIVE_WORDS): string[] {
  const folded = fold(text);
  const exact = text.normalize('NFC');
  const found = new Set<string>();
  for (const word of words) {
    const acronym = isAcronym(word);
    if (patternFor(word, acronym).test(acronym ? exact : folded)) found.add(word);
  }
  return [...found];
}

function patternFor(word: string, acronym: boolean): RegExp {
  const key = `${acronym ? 'A' : 'w'}:${word}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    const parts = (acronym ? word.normalize('NFC') : fold(word)).trim().split(/[\s-]+/).map(escapeRegExp);
    const plural = acronym ? 's?' : '(?:s|es)?';
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${parts.join('[\\s-]?')}${plural}(?![\\p{L}\\p{N}])`, 'u');
    patterns.set(key, pattern);
  }
  return pattern;
}

function isAcronym(word: string): boolean {
  return word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Lower case without accents, so "Recuperación", "recuperacion" and "RECUPERACIÓN" compare equal. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
