import { BAM, findSensitiveWords, GAD7, INSTRUMENTS, MAX_ANSWER_TEXT, PHQ9, type InstrumentKey, type Language } from '@continuum/domain';
import { answerPage, answerPageStatus, checkInFormPage, type AnswerPageKind } from './answer-pages';

const LANGUAGES: readonly Language[] = ['en', 'es'];
const KINDS: readonly AnswerPageKind[] = ['thanks', 'thanks_crisis', 'expired', 'used', 'not_found'];
const INSTRUMENT_KEYS: readonly (InstrumentKey | null)[] = [null, 'phq9', 'gad7', 'bam'];
// A real-looking name with words that must never reach a title.
const ORG = 'Sunrise Recovery & Rehab Center';

const titleOf = (html: string): string => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
const count = (html: string, pattern: RegExp): number => html.match(pattern)?.length ?? 0;
const radio = (html: string, name: string, value: string): string =>
  new RegExp(`<input type="radio" id="[^"]*" name="${name}" value="${value}"[^>]*>`).exec(html)?.[0] ?? '';

function allPages(): string[] {
  const pages: string[] = [];
  for (const language of LANGUAGES) {
    for (const instrument of INSTRUMENT_KEYS) pages.push(checkInFormPage({ language, organisationName: ORG, instrument }));
    for (const kind of KINDS) pages.push(answerPage(kind, language, ORG), answerPage(kind, language));
  }
  return pages;
}

describe('checkInFormPage', () => {
  it('is a whole page in the language, with a viewport and a single form posting to its own address', () => {
    const html = checkInFormPage({ language: 'es', organisationName: ORG, instrument: null });
    expect(html).toMatch(/^<!doctype html>\n<html lang="es">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(count(html, /<form\b/g)).toBe(1);
    expect(html).toContain('<form method="post">');
    expect(html).not.toMatch(/\saction=/);
    expect(html).toContain('<button type="submit">Enviar</button>');
  });

  it('asks mood 1–5 in words, craving 0–10, use yes/no, a call and free text', () => {
    const html = checkInFormPage({ language: 'en', organisationName: ORG, instrument: null });
    for (const [value, word] of [
      ['1', 'Very bad'],
      ['2', 'Bad'],
      ['3', 'OK'],
      ['4', 'Good'],
      ['5', 'Great'],
    ]) {
      expect(radio(html, 'mood', value)).not.toBe('');
      expect(html).toContain(`${value} · ${word}</span>`);
    }
    for (let value = 0; value <= 10; value++) expect(radio(html, 'craving', String(value))).not.toBe('');
    expect(count(html, /name="craving"/g)).toBe(11);
    expect(radio(html, 'used', 'yes')).not.toBe('');
    expect(radio(html, 'used', 'no')).not.toBe('');
    expect(html).toContain('<input type="checkbox" id="call" name="call" value="yes">');
    expect(html).toContain('I would like a call from my coordinator');
    expect(html).toContain(`maxlength="${MAX_ANSWER_TEXT}"`);
    expect(html).toMatch(/<textarea id="text" name="text"[^>]*><\/textarea>/);
    expect(html).toContain(`<span class="org">${'Sunrise Recovery &amp; Rehab Center'}</span>`);
  });

  it('asks the quick check-in in Spanish', () => {
    const html = checkInFormPage({ language: 'es', organisationName: ORG, instrument: null });
    expect(html).toContain('1 · Muy mal</span>');
    expect(html).toContain('5 · Muy bien</span>');
    expect(html).toContain('¿Cómo se siente hoy?');
    expect(html).toContain('>Sí</span>');
    expect(html).toContain('Me gustaría que mi coordinador(a) me llame');
  });

  it.each(LANGUAGES)('shows every PHQ-9 item and answer in %s, with the stem and no instrument name', (language) => {
    const html = checkInFormPage({ language, organisationName: ORG, instrument: 'phq9' });
    expect(PHQ9.items).toHaveLength(9);
    expect(html).toContain(PHQ9.stem[language].replace(/'/g, '&#39;'));
    for (const item of PHQ9.items) {
      expect(html).toContain(`<fieldset id="field-${item.id}"`);
      expect(html).toContain(item.text[language].replace(/'/g, '&#39;'));
      for (const option of item.options) {
        expect(radio(html, item.id, String(option.value))).not.toBe('');
        expect(html).toContain(`<span>${option.label[language]}</span>`);
      }
    }
    expect(html).not.toContain(PHQ9.name);
    expect(html).not.toMatch(/depressi/i);
    expect(html).not.toContain('name="mood"');
  });

  it('shows every item of the GAD-7 and the BAM, with their own answer values, and marks optional items', () => {
    for (const definition of [GAD7, BAM]) {
      const html = checkInFormPage({ language: 'en', organisationName: ORG, instrument: definition.key as InstrumentKey });
      expect(count(html, /<fieldset /g)).toBe(definition.items.length);
      for (const item of definition.items) for (const option of item.options) expect(radio(html, item.id, String(option.value))).not.toBe('');
      expect(html).not.toContain(definition.name);
    }
    const bam = checkInFormPage({ language: 'en', organisationName: ORG, instrument: 'bam' });
    expect(radio(bam, 'q14', '4')).toContain('value="4"');
    expect(radio(bam, 'q1', '0')).toContain('required');
    expect(radio(bam, 'q7a', '0')).not.toContain('required');
    expect(bam).toContain('Days of use: marijuana (optional)');
  });

  it.each(INSTRUMENT_KEYS)('has no script, and a label for every input and one legend per group (%s)', (instrument) => {
    for (const language of LANGUAGES) {
      const html = checkInFormPage({ language, organisationName: ORG, instrument });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      const controls = html.match(/<(input|textarea|select)\b[^>]*>/g) ?? [];
      expect(controls.length).toBeGreaterThan(0);
      for (const control of controls) {
        const id = /\sid="([^"]+)"/.exec(control)?.[1];
        expect(id).toBeDefined();
        expect(count(html, new RegExp(`<label [^>]*for="${id}"`, 'g'))).toBe(1);
        if (!control.startsWith('<textarea')) expect(html).toContain(`<label class="choice" for="${id}">${control}<span>`);
      }
      expect(count(html, /<legend>/g)).toBe(count(html, /<fieldset /g));
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('labels the text box', () => {
    const html = checkInFormPage({ language: 'en', organisationName: ORG, instrument: null });
    expect(html).toContain('<label for="text">Anything else you would like to tell us? (optional)</label>');
  });

  it('escapes the organisation name, the posted values and the problems', () => {
    const attack = '<script>alert(1)</script>';
    const html = checkInFormPage({
      language: 'en',
      organisationName: attack,
      instrument: null,
      values: { text: `</textarea>${attack}`, mood: `"><script>x</script>`, call: 'yes' },
      problems: [
        { field: 'text', reason: attack },
        { field: '"><img src=x onerror=alert(1)>', reason: 'is odd' },
      ],
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;');
    expect(count(html, /<\/textarea>/g)).toBe(1);
    expect(html).not.toMatch(/name="mood" value="[^"]*" [^>]*checked/);
  });

  it('lists every problem at the top, next to its question, and keeps what was answered', () => {
    const html = checkInFormPage({
      language: 'en',
      organisationName: ORG,
      instrument: null,
      values: { mood: '4', craving: ' 7 ', used: 'maybe', call: 'yes', text: 'Long day' },
      problems: [
        { field: 'used', reason: 'must be yes or no' },
        { field: 'text', reason: `must be at most ${MAX_ANSWER_TEXT} characters` },
      ],
    });
    const summary = /<div class="errors" role="alert">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(html.indexOf(summary)).toBeLessThan(html.indexOf('<form'));
    expect(summary).toContain('<a href="#field-used">Have you used alcohol or drugs since your last check-in?</a> This answer must be yes or no.');
    expect(summary).toContain(`Your message must be at most ${MAX_ANSWER_TEXT} characters.`);
    expect(html).toContain('<p class="error" id="used-error">This answer must be yes or no.</p>');
    expect(html).toContain('<fieldset id="field-used" aria-describedby="used-error" class="invalid">');
    expect(radio(html, 'mood', '4')).toContain('checked');
    expect(radio(html, 'mood', '3')).not.toContain('checked');
    expect(radio(html, 'craving', '7')).toContain('checked');
    expect(html).not.toMatch(/name="used" value="(yes|no)"[^>]*checked/);
    expect(html).toContain('<input type="checkbox" id="call" name="call" value="yes" checked>');
    expect(html).toContain('>Long day</textarea>');
  });

  it('shows no error summary without problems', () => {
    expect(checkInFormPage({ language: 'en', organisationName: ORG, instrument: null, problems: [] })).not.toContain('role="alert"');
  });

  it('shows instrument problems by item, in Spanish, and keeps the other answers', () => {
    const html = checkInFormPage({
      language: 'es',
      organisationName: ORG,
      instrument: 'phq9',
      values: { q1: '2', q2: '' },
      problems: [
        { field: 'q2', reason: 'is required' },
        { field: 'q3', reason: 'must be one of 0, 1, 2, 3' },
      ],
    });
    expect(html).toContain('<h2>Por favor, revise sus respuestas</h2>');
    expect(html).toContain(`<a href="#field-q2">2. ${PHQ9.items[1].text.es}</a> Elija una respuesta.`);
    expect(html).toContain('<p class="error" id="q3-error">Elija una de las respuestas.</p>');
    expect(radio(html, 'q1', '2')).toContain('checked');
    expect(html).not.toMatch(/name="q2" value="\d"[^>]*checked/);
  });
});

describe('answerPage', () => {
  it.each(LANGUAGES)('is a whole, script-free page in %s for every kind', (language) => {
    for (const kind of KINDS) {
      const html = answerPage(kind, language, ORG);
      expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${language}">`));
      expect(html).toContain('name="viewport"');
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('<p class="org">Sunrise Recovery &amp; Rehab Center</p>');
    }
  });

  it('says what happened', () => {
    expect(answerPage('thanks', 'en')).toContain('<h1>Thank you</h1>');
    expect(answerPage('thanks', 'es')).toContain('<h1>Gracias</h1>');
    expect(answerPage('expired', 'en')).toContain('This link has expired');
    expect(answerPage('expired', 'en')).toContain('reply to the text message');
    expect(answerPage('expired', 'en')).toContain('coordinator');
    expect(answerPage('used', 'en')).toContain('This check-in has already been answered');
    expect(answerPage('not_found', 'en')).toContain('This link is not valid');
    expect(answerPage('not_found', 'es')).toContain('Este enlace no es válido');
    expect(answerPage('thanks', 'en', null)).not.toContain('class="org"');
  });

  it.each(LANGUAGES)('gives crisis resources with a 988 link after a crisis answer (%s)', (language) => {
    const html = answerPage('thanks_crisis', language);
    expect(html).toContain('988');
    expect(html).toContain('href="tel:988"');
    expect(html).toContain('href="tel:911"');
    expect(answerPage('thanks', language)).not.toContain('988');
  });

  it('gives the Spanish line its own way in', () => {
    const html = answerPage('thanks_crisis', 'es');
    expect(html).toContain('marque 2 para español');
    expect(html).toContain('AYUDA');
    expect(answerPage('thanks_crisis', 'en')).toContain('Suicide &amp; Crisis Lifeline');
  });

  it('escapes the organisation name', () => {
    const html = answerPage('thanks', 'en', '<script>alert(1)</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('every page', () => {
  it('keeps words that would reveal treatment out of its title', () => {
    for (const html of allPages()) {
      const title = titleOf(html);
      expect(title).not.toBe('');
      expect(findSensitiveWords(title)).toEqual([]);
    }
  });

  it('never shows an instrument’s name', () => {
    for (const html of allPages()) for (const definition of Object.values(INSTRUMENTS)) expect(html).not.toContain(definition.name);
  });
});

describe('answerPageStatus', () => {
  it.each([
    ['thanks', 200],
    ['thanks_crisis', 200],
    ['expired', 410],
    ['used', 410],
    ['not_found', 404],
  ] as const)('answers %s with %i', (kind, status) => {
    expect(answerPageStatus(kind)).toBe(status);
  });
});
