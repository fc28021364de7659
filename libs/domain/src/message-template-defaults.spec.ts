import { SUPPORTED_LANGUAGES, type Channel, type Language } from './graduate-rules';
import { DEFAULT_TEMPLATES, defaultTemplate } from './message-template-defaults';
import { MESSAGE_KINDS, renderMessage, SAMPLE_VARIABLES, templatePreview, templateProblems, VARIABLES_BY_KIND, type MessageKind } from './message-templates';
import { findSensitiveWords } from './sensitive-words';

const CHANNELS: Channel[] = ['sms', 'email'];
const every: [MessageKind, Channel, Language][] = MESSAGE_KINDS.flatMap((kind) =>
  CHANNELS.flatMap((channel) => SUPPORTED_LANGUAGES.map((language): [MessageKind, Channel, Language] => [kind, channel, language])),
);
const samplesFor = (kind: MessageKind) => Object.fromEntries(VARIABLES_BY_KIND[kind].map((v) => [v, SAMPLE_VARIABLES[v]]));

describe('default templates', () => {
  it('exist for every kind, channel and language', () => {
    expect(every).toHaveLength(20 * 2 * 2);
    for (const [kind, channel, language] of every) {
      const template = defaultTemplate(kind, channel, language);
      expect(template.body.trim()).not.toBe('');
      expect(template.subject === null).toBe(channel === 'sms');
    }
  });

  it.each(every)('%s %s %s passes the checks made when a template is saved', (kind, channel, language) => {
    const { subject, body } = defaultTemplate(kind, channel, language);
    expect(templateProblems({ kind, channel, subject, body })).toEqual([]);
  });

  it.each(every)('%s %s %s renders with only the variables its kind allows', (kind, channel, language) => {
    const rendered = renderMessage(channel, defaultTemplate(kind, channel, language), samplesFor(kind));
    expect(`${rendered.subject ?? ''} ${rendered.text}`).not.toMatch(/[{}]/);
  });

  it('keeps sensitive words out of the rendered text too, sample values and all', () => {
    for (const [kind, channel, language] of every) {
      const rendered = renderMessage(channel, defaultTemplate(kind, channel, language), samplesFor(kind));
      expect({ kind, channel, language, words: findSensitiveWords(`${rendered.subject ?? ''} ${rendered.text}`) }).toEqual({
        kind,
        channel,
        language,
        words: [],
      });
    }
  });

  it('keeps every default SMS in GSM-7 and within two segments with long sample values', () => {
    const segments = Object.fromEntries(
      MESSAGE_KINDS.flatMap((kind) =>
        SUPPORTED_LANGUAGES.map((language) => {
          const preview = templatePreview(kind, 'sms', DEFAULT_TEMPLATES[kind][language].sms);
          return [`${kind} ${language}`, `${preview.segments?.encoding} ${preview.segments?.segments}`];
        }),
      ),
    );
    expect(segments).toEqual({
      'check_in.prompt en': 'GSM-7 2',
      'check_in.prompt es': 'GSM-7 2',
      'check_in.nudge en': 'GSM-7 2',
      'check_in.nudge es': 'GSM-7 2',
      'alert.page en': 'GSM-7 1',
      'alert.page es': 'GSM-7 1',
      'check_in.crisis_resources en': 'GSM-7 1',
      'check_in.crisis_resources es': 'GSM-7 2',
      'meeting.invite en': 'GSM-7 2',
      'meeting.invite es': 'GSM-7 2',
      'meeting.reminder en': 'GSM-7 2',
      'meeting.reminder es': 'GSM-7 2',
      'family_session.notice en': 'GSM-7 2',
      'family_session.notice es': 'GSM-7 2',
      'family_session.reminder en': 'GSM-7 2',
      'family_session.reminder es': 'GSM-7 2',
      'meeting.moved en': 'GSM-7 2',
      'meeting.moved es': 'GSM-7 2',
      'meeting.cancelled en': 'GSM-7 1',
      'meeting.cancelled es': 'GSM-7 1',
      'meeting.place_open en': 'GSM-7 2',
      'meeting.place_open es': 'GSM-7 2',
      'meeting.feedback en': 'GSM-7 2',
      'meeting.feedback es': 'GSM-7 2',
      'family_session.moved en': 'GSM-7 2',
      'family_session.moved es': 'GSM-7 2',
      'family_session.cancelled en': 'GSM-7 1',
      'family_session.cancelled es': 'GSM-7 1',
      'family_session.follow_up en': 'GSM-7 2',
      'family_session.follow_up es': 'GSM-7 2',
      'family_session.notified en': 'GSM-7 1',
      'family_session.notified es': 'GSM-7 2',
      'broadcast.message en': 'GSM-7 1',
      'broadcast.message es': 'GSM-7 2',
      'conversation.reply en': 'GSM-7 1',
      'conversation.reply es': 'GSM-7 1',
      'delivery.test en': 'GSM-7 1',
      'delivery.test es': 'GSM-7 1',
      'digest.daily en': 'GSM-7 1',
      'digest.daily es': 'GSM-7 1',
    });
  });

  it('fits the check-in in one segment when the link and name are short', () => {
    const short = { firstName: 'Sam', organisationName: 'Northside', link: 'https://ex.org/l/abc123' };
    expect(templatePreview('check_in.prompt', 'sms', DEFAULT_TEMPLATES['check_in.prompt'].en.sms, short).segments?.segments).toBe(1);
  });

  it('offers an opt-out in every first-contact SMS, and 988 in every crisis message', () => {
    for (const kind of ['check_in.prompt', 'meeting.invite', 'family_session.notice'] as const) {
      expect(DEFAULT_TEMPLATES[kind].en.sms).toContain('Reply STOP to opt out.');
      expect(DEFAULT_TEMPLATES[kind].es.sms).toContain('Responda STOP para darse de baja.');
    }
    for (const language of SUPPORTED_LANGUAGES) {
      const crisis = DEFAULT_TEMPLATES['check_in.crisis_resources'][language];
      for (const text of [crisis.sms, crisis.email.body]) {
        expect(text).toContain('988');
        expect(text).toContain('911');
      }
    }
    expect(DEFAULT_TEMPLATES['check_in.crisis_resources'].es.sms).toContain('AYUDA');
  });

  it('leaves meeting titles out of the default wording: staff write them, and they may be revealing', () => {
    for (const [kind, channel, language] of every) {
      const { subject, body } = defaultTemplate(kind, channel, language);
      expect({ kind, channel, language, title: `${subject ?? ''} ${body}`.includes('{{meetingTitle}}') }).toEqual({ kind, channel, language, title: false });
    }
  });

  it('asks for a Y/N (S/N) reply in the SMS invitation, and points the email invitation to the link for answers', () => {
    expect(DEFAULT_TEMPLATES['meeting.invite'].en.sms).toContain("Reply Y to join or N if you can't make it.");
    expect(DEFAULT_TEMPLATES['meeting.invite'].es.sms).toContain('Responda S para asistir o N si no puede.');
    for (const language of SUPPORTED_LANGUAGES) {
      const body = DEFAULT_TEMPLATES['meeting.invite'][language].email.body;
      expect(body).toMatch(/\{\{link\}\}/);
      expect(body).toMatch(language === 'en' ? /let us know whether you can come/ : /si podrá asistir/);
    }
  });

  it('calls a family session a "family appointment" (cita familiar), never anything more telling', () => {
    const family = MESSAGE_KINDS.filter((kind) => kind.startsWith('family_session.'));
    expect(family).toHaveLength(6);
    for (const kind of family) {
      expect({ kind, en: DEFAULT_TEMPLATES[kind].en.sms.includes('family appointment') }).toEqual({ kind, en: true });
      expect({ kind, es: DEFAULT_TEMPLATES[kind].es.sms.includes('cita familiar') }).toEqual({ kind, es: true });
    }
  });

  it.each(CHANNELS.flatMap((channel) => SUPPORTED_LANGUAGES.map((language): [Channel, Language] => [channel, language])))(
    'family_session.follow_up %s %s reads cleanly without a next session, and ends with it when there is one',
    (channel, language) => {
      const template = defaultTemplate('family_session.follow_up', channel, language);
      const without = renderMessage(channel, template, { ...samplesFor('family_session.follow_up'), nextSession: '' });
      expect(without.text.endsWith(SAMPLE_VARIABLES.link)).toBe(true);
      expect(without.text).not.toMatch(/\s$/);
      expect(without.text).not.toMatch(/ {2}|\n{3}/);
      if (channel === 'email') expect(without.html?.endsWith('</a>')).toBe(true);
      const withNext = renderMessage(channel, template, samplesFor('family_session.follow_up'));
      expect(withNext.text.endsWith(`${SAMPLE_VARIABLES.link}${channel === 'sms' ? ' ' : '\n\n'}${SAMPLE_VARIABLES.nextSession}`)).toBe(true);
    },
  );

  it('tells the graduate whom a family appointment update went to, naming the date and the contacts', () => {
    const rendered = renderMessage('sms', defaultTemplate('family_session.notified', 'sms', 'en'), samplesFor('family_session.notified'));
    expect(rendered.text).toBe(
      'Hi Alexandra, this is Northside Community Health. We sent an update about your family appointment on Wednesday, September 30 at 6:30 PM to: Maria and Jordan.',
    );
  });

  it('derives HTML for email defaults with the link clickable', () => {
    const rendered = renderMessage('email', defaultTemplate('check_in.prompt', 'email', 'es'), samplesFor('check_in.prompt'));
    expect(rendered.subject).toBe('¿Qué tal su semana?');
    expect(rendered.html).toContain(`<a href="${SAMPLE_VARIABLES.link}">`);
    expect(rendered.html).toContain('Hola, Alexandra:<br>\n');
  });

  it('hands out copies, so a caller cannot edit the defaults', () => {
    const template = defaultTemplate('delivery.test', 'email', 'en');
    template.subject = 'changed';
    expect(defaultTemplate('delivery.test', 'email', 'en').subject).toBe('Test message from {{organisationName}}');
  });
});
