import { type ErrorDetail, escapeHtml, INSTRUMENTS, type InstrumentKey, type Language, MAX_ANSWER_TEXT, privatePage as page } from '@continuum/domain';

/*
 * The pages a graduate sees after tapping the private link in a check-in message. They are plain
 * HTML with no script and nothing loaded from elsewhere: they must work on any phone, on a slow
 * connection, with JavaScript off, and must not tell a third party (or a shared phone's history)
 * more than they need to. Titles stay neutral because a browser shows them in its tab list and
 * history; the questions themselves are behind the private link and can be plain.
 */

export type AnswerPageKind = 'thanks' | 'thanks_crisis' | 'expired' | 'used' | 'not_found';

export interface CheckInFormInput {
  language: Language;
  organisationName: string;
  /** The instrument to ask, or null for the quick check-in (mood, craving, use, call, text). */
  instrument: InstrumentKey | null;
  /** What was posted, to re-fill the form when it comes back with problems. */
  values?: Record<string, string>;
  problems?: ErrorDetail[];
}

interface Choice {
  value: string;
  label: string;
}

interface Question {
  /** The form field, which is also what problems are named by. */
  name: string;
  legend: string;
  hint?: string;
  choices: readonly Choice[];
  required: boolean;
  /** Lays short choices (0–10) out side by side rather than one per line. */
  compact?: boolean;
}

const TEXT = {
  en: {
    formTitle: 'Check-in',
    intro: 'Please answer a few short questions.',
    instrumentHeading: 'A few questions',
    mood: 'How are you feeling today?',
    moodWords: ['Very bad', 'Bad', 'OK', 'Good', 'Great'],
    craving: 'How strong have your cravings or urges been since your last check-in?',
    cravingHint: '0 = none at all, 10 = the strongest you can imagine',
    used: 'Have you used alcohol or drugs since your last check-in?',
    yes: 'Yes',
    no: 'No',
    call: 'I would like a call from my coordinator',
    text: 'Anything else you would like to tell us?',
    optional: '(optional)',
    textHint: `Up to ${MAX_ANSWER_TEXT} characters.`,
    send: 'Send',
    errorHeading: 'Please check your answers',
    thisAnswer: 'This answer',
    yourMessage: 'Your message',
  },
  es: {
    formTitle: 'Cuestionario',
    intro: 'Por favor, responda unas preguntas breves.',
    instrumentHeading: 'Algunas preguntas',
    mood: '¿Cómo se siente hoy?',
    moodWords: ['Muy mal', 'Mal', 'Regular', 'Bien', 'Muy bien'],
    craving: '¿Qué tan fuertes han sido sus antojos o ganas de consumir desde su último cuestionario?',
    cravingHint: '0 = nada, 10 = lo más fuerte que se pueda imaginar',
    used: '¿Ha consumido alcohol o drogas desde su último cuestionario?',
    yes: 'Sí',
    no: 'No',
    call: 'Me gustaría que mi coordinador(a) me llame',
    text: '¿Hay algo más que quiera contarnos?',
    optional: '(opcional)',
    textHint: `Hasta ${MAX_ANSWER_TEXT} caracteres.`,
    send: 'Enviar',
    errorHeading: 'Por favor, revise sus respuestas',
  },
} as const satisfies Record<Language, unknown>;

/**
 * The check-in form: the quick check-in, or one instrument's items. One `<form method="post">`
 * with no action, so it posts back to the private link it was opened from. With `problems`, an
 * error summary comes first and each question carries its own message, with the posted `values`
 * chosen again so nothing has to be answered twice.
 */
export function checkInFormPage(input: CheckInFormInput): string {
  const { language, organisationName, instrument } = input;
  const t = TEXT[language];
  const values = input.values ?? {};
  const problems = input.problems ?? [];
  const questions = instrument === null ? quickQuestions(language) : instrumentQuestions(instrument, language);
  const labels = new Map(questions.map((question) => [question.name, question.legend]));
  if (instrument === null) labels.set('call', t.call).set('text', t.text);

  const parts: string[] = [];
  parts.push(`<h1><span class="org">${escapeHtml(organisationName)}</span> ${escapeHtml(instrument === null ? t.formTitle : t.instrumentHeading)}</h1>`);
  if (problems.length) parts.push(errorSummary(problems, labels, language));
  parts.push(`<p>${escapeHtml(t.intro)}</p>`);
  if (instrument !== null) parts.push(`<p class="stem">${escapeHtml(INSTRUMENTS[instrument].stem[language])}</p>`);
  parts.push('<form method="post">');
  for (const question of questions) parts.push(radioGroup(question, values, problems, language));
  if (instrument === null) parts.push(callCheckbox(values, problems, language), textArea(values, problems, language));
  parts.push(`<button type="submit">${escapeHtml(t.send)}</button>`, '</form>');
  return page(language, t.formTitle, parts.join('\n'));
}

/** The short page shown after an answer, or instead of the form when the link cannot be used. */
export function answerPage(kind: AnswerPageKind, language: Language, organisationName?: string | null): string {
  const content = PAGES[kind][language];
  const parts: string[] = [];
  if (organisationName) parts.push(`<p class="org">${escapeHtml(organisationName)}</p>`);
  parts.push(`<h1>${escapeHtml(content.heading)}</h1>`, ...content.body.map((paragraph) => `<p>${paragraph}</p>`));
  if (kind === 'thanks_crisis') parts.push(`<section class="crisis" aria-label="${escapeHtml(CRISIS_LABEL[language])}"><p>${CRISIS[language]}</p></section>`);
  return page(language, content.title, parts.join('\n'));
}

/** 410 tells a browser and any cache the link is gone for good; an unknown token is simply not found. */
export function answerPageStatus(kind: AnswerPageKind): number {
  return ANSWER_STATUS[kind];
}

const ANSWER_STATUS: Readonly<Record<AnswerPageKind, number>> = { thanks: 200, thanks_crisis: 200, expired: 410, used: 410, not_found: 404 };

interface PageContent {
  title: string;
  heading: string;
  /** Paragraphs of trusted HTML (no interpolated input). */
  body: readonly string[];
}

const THANKS: Record<Language, PageContent> = {
  en: { title: 'Thank you', heading: 'Thank you', body: ['Your answers have been sent. There is nothing more to do here.'] },
  es: { title: 'Gracias', heading: 'Gracias', body: ['Sus respuestas se han enviado. No tiene que hacer nada más aquí.'] },
};

const PAGES: Readonly<Record<AnswerPageKind, Record<Language, PageContent>>> = {
  thanks: THANKS,
  thanks_crisis: THANKS,
  expired: {
    en: {
      title: 'Link expired',
      heading: 'This link has expired',
      body: ['You can still reply to the text message we sent you, or contact your coordinator.'],
    },
    es: {
      title: 'Enlace vencido',
      heading: 'Este enlace ha vencido',
      body: ['Todavía puede responder al mensaje de texto que le enviamos o comunicarse con su coordinador(a).'],
    },
  },
  used: {
    en: {
      title: 'Already answered',
      heading: 'This check-in has already been answered',
      body: ['Thank you. If there is something you would like to add, contact your coordinator.'],
    },
    es: {
      title: 'Ya respondido',
      heading: 'Este cuestionario ya fue respondido',
      body: ['Gracias. Si quiere agregar algo, comuníquese con su coordinador(a).'],
    },
  },
  not_found: {
    en: {
      title: 'Link not valid',
      heading: 'This link is not valid',
      body: ['Check that you opened the whole link from your message, or contact your coordinator.'],
    },
    es: {
      title: 'Enlace no válido',
      heading: 'Este enlace no es válido',
      body: ['Compruebe que abrió el enlace completo de su mensaje o comuníquese con su coordinador(a).'],
    },
  },
};

const CRISIS_LABEL: Record<Language, string> = { en: 'Help right now', es: 'Ayuda ahora mismo' };

/** 988 takes calls and texts in English and Spanish (press 2, or text AYUDA); 911 for immediate danger. */
const CRISIS: Record<Language, string> = {
  en:
    'If you are in crisis or thinking about harming yourself, call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline), any time. ' +
    'If you are in danger now, call <a href="tel:911">911</a>.',
  es:
    'Si está en crisis o piensa en hacerse daño, llame al <a href="tel:988">988</a> y marque 2 para español, ' +
    'o envíe AYUDA por mensaje de texto al <a href="sms:988">988</a>, a cualquier hora. Si corre peligro ahora, llame al <a href="tel:911">911</a>.',
};

function quickQuestions(language: Language): Question[] {
  const t = TEXT[language];
  return [
    {
      name: 'mood',
      legend: t.mood,
      choices: t.moodWords.map((word, i) => ({ value: String(i + 1), label: `${i + 1} · ${word}` })),
      required: true,
    },
    {
      name: 'craving',
      legend: t.craving,
      hint: t.cravingHint,
      choices: Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) })),
      required: true,
      compact: true,
    },
    {
      name: 'used',
      legend: t.used,
      choices: [
        { value: 'yes', label: t.yes },
        { value: 'no', label: t.no },
      ],
      required: true,
    },
  ];
}

/** Items numbered as on the paper form; the instrument's name ("depression") is never shown. */
function instrumentQuestions(key: InstrumentKey, language: Language): Question[] {
  return INSTRUMENTS[key].items.map((item, i) => ({
    name: item.id,
    legend: `${i + 1}. ${item.text[language]}${item.optional ? ` ${TEXT[language].optional}` : ''}`,
    choices: item.options.map((option) => ({ value: String(option.value), label: option.label[language] })),
    required: !item.optional,
  }));
}

function radioGroup(question: Question, values: Record<string, string>, problems: readonly ErrorDetail[], language: Language): string {
  const { name } = question;
  const error = fieldError(name, problems, language);
  const hintId = question.hint ? `${name}-hint` : null;
  const describedBy = [hintId, error ? `${name}-error` : null].filter(Boolean).join(' ');
  const posted = valueOf(values, name);
  const choices = question.choices.map((choice, i) => {
    const id = `${name}-${choice.value}`;
    const attributes = [
      `type="radio"`,
      `id="${escapeHtml(id)}"`,
      `name="${escapeHtml(name)}"`,
      `value="${escapeHtml(choice.value)}"`,
      // One required radio makes the whole group required for the browser's own check.
      ...(question.required && i === 0 ? ['required'] : []),
      ...(posted === choice.value ? ['checked'] : []),
    ].join(' ');
    return `<label class="choice" for="${escapeHtml(id)}"><input ${attributes}><span>${escapeHtml(choice.label)}</span></label>`;
  });
  return [
    `<fieldset id="field-${escapeHtml(name)}"${describedBy ? ` aria-describedby="${escapeHtml(describedBy)}"` : ''}${error ? ' class="invalid"' : ''}>`,
    `<legend>${escapeHtml(question.legend)}</legend>`,
    ...(hintId && question.hint ? [`<p class="hint" id="${escapeHtml(hintId)}">${escapeHtml(question.hint)}</p>`] : []),
    ...(error ? [`<p class="error" id="${escapeHtml(name)}-error">${escapeHtml(error)}</p>`] : []),
    `<div class="${question.compact ? 'choices compact' : 'choices'}">`,
    ...choices,
    '</div>',
    '</fieldset>',
  ].join('\n');
}

function callCheckbox(values: Record<string, string>, problems: readonly ErrorDetail[], language: Language): string {
  const error = fieldError('call', problems, language);
  const checked = valueOf(values, 'call')?.toLowerCase() === 'yes' ? ' checked' : '';
  return [
    `<div class="field${error ? ' invalid' : ''}" id="field-call">`,
    ...(error ? [`<p class="error" id="call-error">${escapeHtml(error)}</p>`] : []),
    `<label class="choice" for="call"><input type="checkbox" id="call" name="call" value="yes"${checked}${error ? ' aria-describedby="call-error"' : ''}><span>${escapeHtml(TEXT[language].call)}</span></label>`,
    '</div>',
  ].join('\n');
}

function textArea(values: Record<string, string>, problems: readonly ErrorDetail[], language: Language): string {
  const t = TEXT[language];
  const error = fieldError('text', problems, language);
  const describedBy = error ? 'text-hint text-error' : 'text-hint';
  return [
    `<div class="field${error ? ' invalid' : ''}" id="field-text">`,
    `<label for="text">${escapeHtml(t.text)} ${escapeHtml(t.optional)}</label>`,
    `<p class="hint" id="text-hint">${escapeHtml(t.textHint)}</p>`,
    ...(error ? [`<p class="error" id="text-error">${escapeHtml(error)}</p>`] : []),
    `<textarea id="text" name="text" rows="5" maxlength="${MAX_ANSWER_TEXT}" aria-describedby="${describedBy}">${escapeHtml(valueOf(values, 'text') ?? '')}</textarea>`,
    '</div>',
  ].join('\n');
}

/** Every problem, each linked to its question so a tap takes the person straight to it. */
function errorSummary(problems: readonly ErrorDetail[], labels: ReadonlyMap<string, string>, language: Language): string {
  const items = problems.map((problem) => {
    const label = labels.get(problem.field);
    const message = problemMessage(problem, language);
    return label
      ? `<li><a href="#field-${escapeHtml(problem.field)}">${escapeHtml(label)}</a> ${escapeHtml(message)}</li>`
      : `<li>${escapeHtml(message)}</li>`;
  });
  return [
    '<div class="errors" role="alert">',
    `<h2>${escapeHtml(TEXT[language].errorHeading)}</h2>`,
    '<ul>',
    ...items,
    '</ul>',
    '</div>',
  ].join('\n');
}

function fieldError(field: string, problems: readonly ErrorDetail[], language: Language): string | null {
  const messages = problems.filter((problem) => problem.field === field).map((problem) => problemMessage(problem, language));
  return messages.length ? messages.join(' ') : null;
}

/**
 * A problem as a sentence. Problems are named by field with an English reason ("is required"),
 * so English reads "This answer is required."; Spanish gets a translation of the reasons the
 * form parsers give, and the English reason itself for any other.
 */
function problemMessage(problem: ErrorDetail, language: Language): string {
  if (language === 'es') {
    for (const [pattern, translation] of SPANISH_REASONS) {
      if (pattern.test(problem.reason)) return problem.reason.replace(pattern, translation);
    }
    return problem.reason;
  }
  const known = problem.field === 'text' ? TEXT.en.yourMessage : /^(mood|craving|used|call|q\d+[a-z]?)$/.test(problem.field) ? TEXT.en.thisAnswer : null;
  const sentence = known ? `${known} ${problem.reason}` : `${problem.field} ${problem.reason}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const SPANISH_REASONS: readonly (readonly [RegExp, string])[] = [
  [/^is required$/, 'Elija una respuesta.'],
  [/^must be a whole number from (\d+) to (\d+)$/, 'Elija un número del $1 al $2.'],
  [/^must be yes or no$/, 'Elija sí o no.'],
  [/^must be one of .*$/, 'Elija una de las respuestas.'],
  [/^must be at most (\d+) characters$/, 'Escriba $1 caracteres como máximo.'],
  [/^must be text$/, 'Escriba su mensaje como texto.'],
  [/^cannot be more than item 4.*$/, 'No puede ser más que la respuesta a la pregunta 4: cada día de mucho consumo es también un día de consumo.'],
];

function valueOf(values: Record<string, string>, name: string): string | undefined {
  const value: unknown = Object.hasOwn(values, name) ? values[name] : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}
