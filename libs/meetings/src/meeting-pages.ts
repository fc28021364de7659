import { escapeHtml, type Language, privatePage } from '@continuum/domain';

/*
 * The pages behind a meeting invitation's private link (`/r/<token>`) and a rating link
 * (`/f/<token>`). Each shows the one person who opened it their own invitation and nothing about
 * anyone else. Tab titles stay neutral: a shared phone's history shows them.
 */

export type LinkProblem = 'expired' | 'used' | 'not_found';

export interface InvitationPageInput {
  language: Language;
  organisationName: string;
  /** Already in the graduate's zone and language. */
  when: string;
  place: string;
  rsvp: 'none' | 'yes' | 'no' | 'waitlisted';
  state: 'open' | 'cancelled' | 'past';
  /** The attendance code box is shown from an hour before the start to an hour after the end. */
  canCheckIn: boolean;
  attended: boolean;
  /** A note at the top after a form was sent (answer saved, wrong code...). */
  notice?: { kind: 'ok' | 'error'; text: string } | null;
}

const T = {
  en: {
    title: 'Invitation',
    heading: 'You are invited',
    when: 'When',
    where: 'Where',
    yourAnswer: 'Your answer',
    answers: { none: 'Not answered yet', yes: 'Yes, I will be there', no: 'No, I cannot make it', waitlisted: 'On the waitlist: we will tell you if a place opens' },
    yes: 'I will be there',
    no: 'I cannot make it',
    cancelled: 'This meeting has been cancelled.',
    past: 'This meeting has already taken place.',
    checkInLabel: 'At the meeting? Type the code shown in the room to check in',
    checkIn: 'Check in',
    checkedIn: 'You are checked in. Thank you for coming!',
    ratingTitle: 'Feedback',
    ratingHeading: 'How was it?',
    ratingHint: 'Tap one: 1 = not good, 5 = very good.',
    thanks: 'Thank you for your feedback.',
  },
  es: {
    title: 'Invitación',
    heading: 'Está invitado(a)',
    when: 'Cuándo',
    where: 'Dónde',
    yourAnswer: 'Su respuesta',
    answers: { none: 'Todavía sin responder', yes: 'Sí, asistiré', no: 'No puedo asistir', waitlisted: 'En la lista de espera: le avisaremos si se libera un lugar' },
    yes: 'Asistiré',
    no: 'No puedo asistir',
    cancelled: 'Este encuentro ha sido cancelado.',
    past: 'Este encuentro ya se realizó.',
    checkInLabel: '¿Está en el encuentro? Escriba el código que se muestra en la sala para registrar su asistencia',
    checkIn: 'Registrar asistencia',
    checkedIn: 'Su asistencia quedó registrada. ¡Gracias por venir!',
    ratingTitle: 'Opinión',
    ratingHeading: '¿Qué le pareció?',
    ratingHint: 'Toque una opción: 1 = no muy bien, 5 = muy bien.',
    thanks: 'Gracias por su opinión.',
  },
} as const satisfies Record<Language, unknown>;

const PROBLEMS: Record<LinkProblem, Record<Language, { title: string; text: string }>> = {
  expired: {
    en: { title: 'Link expired', text: 'This link has expired. If you need anything, contact your coordinator.' },
    es: { title: 'Enlace vencido', text: 'Este enlace ha vencido. Si necesita algo, comuníquese con su coordinador(a).' },
  },
  used: {
    en: { title: 'Already answered', text: 'This link has already been used. Thank you.' },
    es: { title: 'Ya respondido', text: 'Este enlace ya se usó. Gracias.' },
  },
  not_found: {
    en: { title: 'Link not valid', text: 'This link is not valid. Check that you opened the whole link from your message.' },
    es: { title: 'Enlace no válido', text: 'Este enlace no es válido. Compruebe que abrió el enlace completo de su mensaje.' },
  },
};

/** 410 for a link that was real and is spent or expired, 404 for one that never was. */
export function linkProblemStatus(problem: LinkProblem): number {
  return problem === 'not_found' ? 404 : 410;
}

export function linkProblemPage(problem: LinkProblem, language: Language = 'en', organisationName?: string | null): string {
  const p = PROBLEMS[problem][language];
  return privatePage(language, p.title, `${org(organisationName)}<h1>${escapeHtml(p.title)}</h1>\n<p>${escapeHtml(p.text)}</p>`);
}

export function invitationPage(input: InvitationPageInput): string {
  const t = T[input.language];
  const parts = [org(input.organisationName), `<h1>${escapeHtml(t.heading)}</h1>`];
  if (input.notice) parts.push(`<p class="${input.notice.kind === 'error' ? 'error' : 'status'}" role="status">${escapeHtml(input.notice.text)}</p>`);
  const place = /^https:\/\//.test(input.place) ? `<a href="${escapeHtml(input.place)}">${escapeHtml(input.place)}</a>` : escapeHtml(input.place);
  parts.push(`<dl class="details"><dt>${t.when}</dt><dd>${escapeHtml(input.when)}</dd><dt>${t.where}</dt><dd>${place}</dd><dt>${t.yourAnswer}</dt><dd>${escapeHtml(t.answers[input.rsvp])}</dd></dl>`);
  if (input.state !== 'open') {
    parts.push(`<p class="status">${escapeHtml(input.state === 'cancelled' ? t.cancelled : t.past)}</p>`);
  } else {
    parts.push(
      `<form method="post" class="actions">`,
      `<button type="submit" name="answer" value="yes">${escapeHtml(t.yes)}</button>`,
      `<button type="submit" name="answer" value="no" class="secondary">${escapeHtml(t.no)}</button>`,
      `</form>`,
    );
  }
  if (input.attended) parts.push(`<p class="status">${escapeHtml(t.checkedIn)}</p>`);
  else if (input.canCheckIn) {
    parts.push(
      `<form method="post"><div class="field"><label for="code">${escapeHtml(t.checkInLabel)}</label>`,
      `<input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" maxlength="12" required></div>`,
      `<button type="submit">${escapeHtml(t.checkIn)}</button></form>`,
    );
  }
  return privatePage(input.language, t.title, parts.join('\n'));
}

/** A one-tap rating: five buttons, each of which sends the form. */
export function ratingPage(language: Language, organisationName: string, done = false): string {
  const t = T[language];
  if (done) return privatePage(language, t.ratingTitle, `${org(organisationName)}<h1>${escapeHtml(t.thanks)}</h1>`);
  const buttons = [1, 2, 3, 4, 5].map((n) => `<button type="submit" name="rating" value="${n}">${n}</button>`).join('');
  return privatePage(
    language,
    t.ratingTitle,
    `${org(organisationName)}<h1>${escapeHtml(t.ratingHeading)}</h1>\n<p class="hint">${escapeHtml(t.ratingHint)}</p>\n<form method="post"><div class="rating">${buttons}</div></form>`,
  );
}

export function pageText(language: Language): (typeof T)[Language] {
  return T[language];
}

function org(name?: string | null): string {
  return name ? `<p class="org">${escapeHtml(name)}</p>` : '';
}
