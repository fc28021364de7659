import { classifyInbound, HELP_KEYWORDS, START_KEYWORDS, STOP_KEYWORDS } from './inbound-keywords';

describe('classifyInbound', () => {
  it.each(STOP_KEYWORDS.map((k) => [k]))('reads %s as an opt-out keyword', (keyword) => {
    expect(classifyInbound(keyword)).toEqual({ kind: 'stop', keyword });
    expect(classifyInbound(keyword.toLowerCase())).toEqual({ kind: 'stop', keyword });
  });

  it('covers the Twilio and CTIA opt-out words', () => {
    expect([...STOP_KEYWORDS]).toEqual(expect.arrayContaining(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']));
  });

  it('ignores case, surrounding whitespace and trailing punctuation', () => {
    for (const body of ['Stop.', 'stop!', ' STOP ', 'STOP\n', '"stop"', 'Stop!!!', 'stop 🙏', '¡Parar!']) {
      expect(classifyInbound(body).kind).toBe('stop');
    }
  });

  it('reads "opt out" and "opt-out" as OPTOUT, and "stop all" as STOPALL', () => {
    expect(classifyInbound('Opt out')).toEqual({ kind: 'stop', keyword: 'OPTOUT' });
    expect(classifyInbound('opt-out')).toEqual({ kind: 'stop', keyword: 'OPTOUT' });
    expect(classifyInbound('stop all')).toEqual({ kind: 'stop', keyword: 'STOPALL' });
  });

  it('opts back in only on START and UNSTOP, not YES', () => {
    expect(START_KEYWORDS).toEqual(['START', 'UNSTOP']);
    expect(classifyInbound('start')).toEqual({ kind: 'start', keyword: 'START' });
    expect(classifyInbound('Unstop.')).toEqual({ kind: 'start', keyword: 'UNSTOP' });
    expect(classifyInbound('YES')).toEqual({ kind: 'other' });
    expect(classifyInbound('Yes!')).toEqual({ kind: 'other' });
  });

  it('reads HELP, INFO and AYUDA as help requests', () => {
    expect(HELP_KEYWORDS).toEqual(['HELP', 'INFO', 'AYUDA']);
    expect(classifyInbound('help')).toEqual({ kind: 'help', keyword: 'HELP' });
    expect(classifyInbound('Info?')).toEqual({ kind: 'help', keyword: 'INFO' });
    expect(classifyInbound('¡Ayuda!')).toEqual({ kind: 'help', keyword: 'AYUDA' });
  });

  it('does not treat CANCELAR as an opt-out: it may be about a meeting', () => {
    expect(classifyInbound('Cancelar')).toEqual({ kind: 'other' });
  });

  it('honours plain-language revocations and says so', () => {
    const cases: [string, string][] = [
      ['please stop texting me', 'stop texting me'],
      ['Stop texting me.', 'stop texting me'],
      ['STOP PLEASE', 'stop please'],
      ['Please stop', 'please stop'],
      ['stop sending me these', 'stop sending me'],
      ['Stop the texts', 'stop the texts'],
      ['unsubscribe me', 'unsubscribe me'],
      ["Don't text me", "don't text me"],
      ['Don’t text me anymore', "don't text me"],
      ['do not contact me again', 'do not contact me'],
      ['no more texts pls', 'no more texts'],
      ['Remove me', 'remove me'],
      ['can you remove me from this list', 'remove me from this list'],
      ['Take me off your list', 'take me off your list'],
      ['No me envíe más mensajes', 'no me envie mas'],
      ['Ya no quiero recibir mensajes', 'ya no quiero recibir mensajes'],
      ['Dejen de escribirme por favor', 'dejen de escribirme'],
    ];
    for (const [body, phrase] of cases) {
      expect({ body, result: classifyInbound(body) }).toEqual({ body, result: { kind: 'stop', keyword: phrase, plainLanguage: true } });
    }
  });

  it('leaves ordinary check-in answers alone', () => {
    const answers = [
      "I'm doing ok",
      'yes',
      'no',
      '5',
      'Stopped by the meeting last night',
      'I want to stop drinking', // an answer for a coordinator, not an opt-out
      "Can't stop thinking about it",
      "I can't stop texting my ex",
      "Please don't stop texting me",
      'never stop texting me, it helps',
      'Will you stop by on Friday?',
      'It was the end of a long week',
      'I need help',
      'Remove me from the Tuesday group? I moved to Thursdays',
      'Estoy bien, gracias',
      '',
      '🙂',
    ];
    for (const body of answers) {
      expect({ body, result: classifyInbound(body) }).toEqual({ body, result: { kind: 'other' } });
    }
  });
});
