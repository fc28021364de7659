import {
  emailHtmlFromText,
  MESSAGE_KINDS,
  renderMessage,
  renderTemplate,
  SAMPLE_VARIABLES,
  templatePreview,
  TEMPLATE_VARIABLES,
  templateProblems,
  type TemplateDraft,
  VARIABLES_BY_KIND,
} from './message-templates';
import { DEFAULT_SENSITIVE_WORDS } from './sensitive-words';

describe('renderTemplate', () => {
  it('fills every placeholder, repeated ones too', () => {
    expect(renderTemplate('Hi {{firstName}}! {{firstName}}, see {{link}}', { firstName: 'Sam', link: 'https://x.org/a' })).toBe(
      'Hi Sam! Sam, see https://x.org/a',
    );
  });

  it('inserts values as they are and never expands placeholders inside them', () => {
    expect(renderTemplate('Hi {{firstName}}', { firstName: '<b>{{link}}</b> & co' })).toBe('Hi <b>{{link}}</b> & co');
  });

  it('throws naming the missing variable, or all of them', () => {
    expect(() => renderTemplate('Hi {{firstName}}, see {{link}}', { firstName: 'Sam' })).toThrow('Template variable {{link}} has no value');
    expect(() => renderTemplate('{{a}} {{b}} {{a}}', {})).toThrow('Template variables {{a}}, {{b}} have no value');
  });

  it('does not take values from the object prototype', () => {
    expect(() => renderTemplate('{{constructor}}', {})).toThrow('{{constructor}}');
  });
});

describe('renderMessage', () => {
  it('gives SMS text only', () => {
    expect(renderMessage('sms', { subject: null, body: 'Hi {{firstName}}' }, { firstName: 'Sam' })).toEqual({
      subject: null,
      text: 'Hi Sam',
      html: null,
    });
  });

  it('gives email a one-line subject, the text and HTML derived from it', () => {
    const rendered = renderMessage('email', { subject: 'From {{organisationName}}', body: 'Hi {{firstName}},\nSee {{link}}.' }, {
      organisationName: 'North\r\nBcc: x@evil.test',
      firstName: 'Sam <3',
      link: 'https://x.org/l/a?b=1&c=2',
    });
    expect(rendered).toEqual({
      subject: 'From North Bcc: x@evil.test',
      text: 'Hi Sam <3,\nSee https://x.org/l/a?b=1&c=2.',
      html: 'Hi Sam &lt;3,<br>\nSee <a href="https://x.org/l/a?b=1&amp;c=2">https://x.org/l/a?b=1&amp;c=2</a>.',
    });
  });

  it('drops trailing whitespace an empty last variable would leave', () => {
    const template = { subject: 'Thanks', body: 'Thanks. Form: {{link}} {{nextSession}}\n\n{{nextSession}}' };
    expect(renderMessage('sms', template, { link: 'https://x.org/a', nextSession: '' }).text).toBe('Thanks. Form: https://x.org/a');
    expect(renderMessage('email', template, { link: 'https://x.org/a', nextSession: '' })).toEqual({
      subject: 'Thanks',
      text: 'Thanks. Form: https://x.org/a',
      html: 'Thanks. Form: <a href="https://x.org/a">https://x.org/a</a>',
    });
  });
});

describe('MESSAGE_KINDS and their variables', () => {
  it('has variables and a long sample value for every kind', () => {
    expect(MESSAGE_KINDS).toHaveLength(20);
    for (const kind of MESSAGE_KINDS) {
      expect(VARIABLES_BY_KIND[kind].length).toBeGreaterThan(0);
      for (const variable of VARIABLES_BY_KIND[kind]) expect(SAMPLE_VARIABLES[variable]).toBeTruthy();
    }
    expect(Object.keys(SAMPLE_VARIABLES).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it('gives the new meeting and family kinds their variables', () => {
    expect(VARIABLES_BY_KIND['family_session.follow_up']).toEqual(['firstName', 'organisationName', 'link', 'nextSession']);
    expect(VARIABLES_BY_KIND['family_session.notified']).toEqual(['firstName', 'organisationName', 'startsAt', 'contactNames']);
    expect(VARIABLES_BY_KIND['meeting.cancelled']).toEqual(['firstName', 'organisationName', 'meetingTitle', 'startsAt']);
    expect(VARIABLES_BY_KIND['meeting.feedback']).toEqual(['firstName', 'organisationName', 'link']);
    expect(SAMPLE_VARIABLES.contactNames).toBe('Maria and Jordan');
    expect(SAMPLE_VARIABLES.nextSession).toBe('Next appointment: Wednesday, October 7 at 6:30 PM.');
  });
});

describe('emailHtmlFromText', () => {
  it('escapes markup and quotes', () => {
    expect(emailHtmlFromText(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('turns line breaks into <br>, including CRLF', () => {
    expect(emailHtmlFromText('a\r\nb\n\nc')).toBe('a<br>\nb<br>\n<br>\nc');
  });

  it('links several addresses and keeps closing punctuation outside them', () => {
    expect(emailHtmlFromText('Go to https://a.org/x, or (http://b.org/y).')).toBe(
      'Go to <a href="https://a.org/x">https://a.org/x</a>, or (<a href="http://b.org/y">http://b.org/y</a>).',
    );
  });

  it('does not let an address break out of its attribute', () => {
    expect(emailHtmlFromText('https://a.org/"onmouseover="x')).toBe('<a href="https://a.org/">https://a.org/</a>&quot;onmouseover=&quot;x');
  });
});

describe('templateProblems', () => {
  const sms = (body: string, extra: Partial<TemplateDraft> = {}): TemplateDraft => ({ kind: 'check_in.prompt', channel: 'sms', body, ...extra });

  it('accepts a template that uses only its variables and neutral words', () => {
    expect(templateProblems(sms('Hi {{firstName}}, how are you? {{link}}'))).toEqual([]);
  });

  it('names an unknown variable and lists the allowed ones', () => {
    expect(templateProblems(sms('Hi {{firstName}}, see you at {{location}}'))).toEqual([
      { field: 'body', reason: 'uses unknown variable {{location}}; allowed: {{firstName}}, {{organisationName}}, {{link}}' },
    ]);
  });

  it('checks the subject of an email as well as its body', () => {
    expect(templateProblems({ kind: 'delivery.test', channel: 'email', subject: 'For {{link}}', body: 'Test' })).toEqual([
      { field: 'subject', reason: 'uses unknown variable {{link}}; allowed: {{firstName}}, {{organisationName}}' },
    ]);
  });

  it('finds malformed placeholders', () => {
    for (const body of ['Hi {{firstName}, hello', 'Hi {firstName}}', 'Hi {{ firstName }}', 'Hi {{first-name}}', 'Hi {{}}']) {
      const problems = templateProblems(sms(body));
      expect({ body, problems }).toEqual({ body, problems: [{ field: 'body', reason: expect.stringMatching(/^has a malformed placeholder near ".+"; write \{\{name\}\}$/) }] });
    }
  });

  it('refuses words that reveal treatment, naming them, unless plain wording is allowed', () => {
    expect(templateProblems(sms('Your recovery group meets Tuesday'))).toEqual([
      { field: 'body', reason: 'uses the word "recovery", which could reveal treatment to anyone who sees the screen' },
    ]);
    expect(templateProblems({ kind: 'meeting.invite', channel: 'email', subject: 'Reunión de recuperación', body: 'Hola' })).toEqual([
      { field: 'subject', reason: 'uses the word "recuperación", which could reveal treatment to anyone who sees the screen' },
    ]);
    expect(templateProblems(sms('Your recovery group meets Tuesday', { allowPlainWording: true }))).toEqual([]);
  });

  it('lets neutral words that contain a sensitive one through', () => {
    expect(templateProblems(sms('NAtional park day, banana bread, Nashville trip'))).toEqual([]);
  });

  it('uses the sensitive words it is given', () => {
    expect(templateProblems(sms('See you at the clinic', { sensitiveWords: [...DEFAULT_SENSITIVE_WORDS, 'clinic'] }))).toEqual([
      { field: 'body', reason: 'uses the word "clinic", which could reveal treatment to anyone who sees the screen' },
    ]);
  });

  it('needs a one-line subject for email and none for SMS, and a body for both', () => {
    expect(templateProblems({ kind: 'delivery.test', channel: 'email', subject: ' ', body: '' })).toEqual([
      { field: 'subject', reason: 'is required for email' },
      { field: 'body', reason: 'must not be empty' },
    ]);
    expect(templateProblems({ kind: 'delivery.test', channel: 'email', subject: 'Hi\nBcc: x', body: 'Test' })).toEqual([
      { field: 'subject', reason: 'must be a single line' },
    ]);
    expect(templateProblems({ kind: 'delivery.test', channel: 'sms', subject: 'Hello', body: 'Test' })).toEqual([
      { field: 'subject', reason: 'must be empty: an SMS has no subject' },
    ]);
  });

  it('does not treat a long SMS as a problem', () => {
    expect(templateProblems(sms('Hi {{firstName}}. ' + 'How are you? '.repeat(40)))).toEqual([]);
  });

  it('refuses an unknown kind', () => {
    const draft = { kind: 'check_in.reminder', channel: 'sms', body: 'Hi' } as unknown as TemplateDraft;
    expect(templateProblems(draft)).toEqual([{ field: 'kind', reason: expect.stringContaining('must be one of check_in.prompt,') }]);
  });
});

describe('templatePreview', () => {
  it('renders with long sample values and counts SMS segments', () => {
    const preview = templatePreview('check_in.prompt', 'sms', 'Hi {{firstName}}: {{link}}');
    expect(preview.text).toBe(`Hi Alexandra: ${SAMPLE_VARIABLES.link}`);
    expect(SAMPLE_VARIABLES.link).toHaveLength(65);
    expect(preview.segments).toEqual({ encoding: 'GSM-7', units: 79, segments: 1, perSegment: 160 });
  });

  it('shows when wording pushes an SMS into UCS-2', () => {
    expect(templatePreview('delivery.test', 'sms', 'Prueba de {{organisationName}}: ¿Cómo está?').segments).toMatchObject({
      encoding: 'UCS-2',
      segments: 1,
    });
  });

  it('takes sample values from the caller, and leaves placeholders the kind does not allow', () => {
    const preview = templatePreview('check_in.prompt', 'sms', '{{firstName}} {{location}} {{nope}}', { firstName: 'Jo' });
    expect(preview.text).toBe('Jo {{location}} {{nope}}');
  });

  it('gives no segments for email', () => {
    expect(templatePreview('delivery.test', 'email', 'From {{organisationName}}')).toEqual({
      text: 'From Northside Community Health',
      segments: null,
    });
  });
});
