import { ESCALATION_REASONS, escalationReasons, isCrisis, parseSmsAnswer, showsNeed } from './check-in-answers';

describe('parseSmsAnswer', () => {
  it.each([
    ['1', 1],
    ['5', 5],
    [' 3 ', 3],
    ['4!', 4],
    ['5/5', 5],
    ['2 / 5', 2],
    ['3.', 3],
    ['"4"', 4],
    ['4 👍', 4],
    ['\uff13', 3], // full-width digit from some keyboards
  ])('reads %j as mood %i', (body, mood) => {
    expect(parseSmsAnswer(body)).toEqual({ kind: 'mood', mood });
  });

  it.each([
    ['great', 5],
    ['Excellent!', 5],
    ['¡Genial!', 5],
    ['good', 4],
    ['Bien', 4],
    ['ok', 3],
    ['OKAY', 3],
    ['regular', 3],
    ['bad', 2],
    ['mal...', 2],
    ['awful', 1],
    ['Terrible', 1],
    ['fatal', 1],
  ])('reads the word %j as mood %i', (body, mood) => {
    expect(parseSmsAnswer(body)).toEqual({ kind: 'mood', mood });
  });

  it.each(['0', '6', '10', '10/10', '3/10', '3 or 4', '34', '1-5', 'not bad', 'not great', 'fine', 'great but I used', 'yes', ''])(
    'keeps %j as words',
    (body) => {
      expect(parseSmsAnswer(body)).toEqual({ kind: 'word', text: body.trim() });
    },
  );

  it('keeps the words as written, only trimmed', () => {
    expect(parseSmsAnswer('  Rough week, call me?  ')).toEqual({ kind: 'word', text: 'Rough week, call me?' });
  });
});

describe('escalationReasons', () => {
  it('is empty for an answer that needs no one', () => {
    expect(escalationReasons({ mood: 4, craving: 2, usedSinceLast: false, wantsCall: false, text: 'all good', phq9Item9: 0 })).toEqual([]);
    expect(escalationReasons({})).toEqual([]);
  });

  it('escalates use, craving 8 and above, mood 1, a call request, crisis words and PHQ-9 item 9', () => {
    expect(escalationReasons({ usedSinceLast: true })).toEqual(['reported_use']);
    expect(escalationReasons({ craving: 8 })).toEqual(['high_craving']);
    expect(escalationReasons({ craving: 7 })).toEqual([]);
    expect(escalationReasons({ mood: 1 })).toEqual(['low_mood']);
    expect(escalationReasons({ mood: 2 })).toEqual([]);
    expect(escalationReasons({ wantsCall: true })).toEqual(['asked_for_call']);
    expect(escalationReasons({ text: 'I want to end my life' })).toEqual(['crisis_words']);
    expect(escalationReasons({ phq9Item9: 1 })).toEqual(['self_harm_item']);
    expect(escalationReasons({ phq9Item9: 0 })).toEqual([]);
  });

  it('lists every reason, most urgent first', () => {
    const all = escalationReasons({ mood: 1, craving: 10, usedSinceLast: true, wantsCall: true, text: 'overdose', phq9Item9: 3 });
    expect(all).toEqual(['self_harm_item', 'crisis_words', 'reported_use', 'high_craving', 'low_mood', 'asked_for_call']);
    expect(all).toEqual(ESCALATION_REASONS);
  });

  it('ignores values that are missing or not numbers rather than guessing', () => {
    expect(escalationReasons({ mood: null, craving: Number.NaN, usedSinceLast: null, wantsCall: null, text: null, phq9Item9: null })).toEqual([]);
  });

  it('uses the crisis words it is given', () => {
    expect(escalationReasons({ text: 'the bridge' }, ['bridge'])).toEqual(['crisis_words']);
    expect(escalationReasons({ text: 'suicide' }, ['bridge'])).toEqual([]);
  });
});

describe('isCrisis', () => {
  it('is true only for crisis words and the self-harm item', () => {
    expect(isCrisis(['crisis_words'])).toBe(true);
    expect(isCrisis(['low_mood', 'self_harm_item'])).toBe(true);
    expect(isCrisis(['reported_use', 'high_craving', 'low_mood', 'asked_for_call'])).toBe(false);
    expect(isCrisis([])).toBe(false);
  });
});

describe('showsNeed', () => {
  it('counts any escalation as need', () => {
    expect(showsNeed({ usedSinceLast: true, mood: 5 })).toBe(true);
    expect(showsNeed({ text: 'quiero morir' })).toBe(true);
  });

  it('also counts a mood of 2 or a craving of 6, which escalate nothing', () => {
    expect(showsNeed({ mood: 2 })).toBe(true);
    expect(showsNeed({ craving: 6 })).toBe(true);
    expect(showsNeed({ mood: 3, craving: 5, usedSinceLast: false })).toBe(false);
    expect(showsNeed({})).toBe(false);
  });
});
