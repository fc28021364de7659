import { MAX_ANSWER_TEXT, parseInstrumentForm, parseQuickAnswerForm } from './check-in-form';
import { PHQ9 } from './instrument-items';

const valid = { mood: '3', craving: '0', used: 'no' };

describe('parseQuickAnswerForm', () => {
  it('reads a complete form', () => {
    expect(parseQuickAnswerForm({ mood: '4', craving: '7', used: 'yes', call: 'yes', text: '  Rough week  ' })).toEqual({
      ok: true,
      value: { mood: 4, craving: 7, usedSinceLast: true, wantsCall: true, text: 'Rough week' },
    });
  });

  it('treats a missing checkbox and blank text as no call and no text', () => {
    expect(parseQuickAnswerForm(valid)).toEqual({
      ok: true,
      value: { mood: 3, craving: 0, usedSinceLast: false, wantsCall: false, text: null },
    });
    expect(parseQuickAnswerForm({ ...valid, call: 'no', text: '   \n ' })).toMatchObject({ ok: true, value: { wantsCall: false, text: null } });
    expect(parseQuickAnswerForm({ ...valid, call: '' })).toMatchObject({ ok: true, value: { wantsCall: false } });
  });

  it.each([
    ['1', 1],
    ['5', 5],
    [' 4 ', 4],
    ['04', 4],
  ])('reads mood %j as %i', (mood, expected) => {
    expect(parseQuickAnswerForm({ ...valid, mood })).toMatchObject({ ok: true, value: { mood: expected } });
  });

  it.each(['0', '6', '3.5', '4abc', '-1', '1e0', '0x3', 'three', '٣'])('refuses mood %j', (mood) => {
    expect(parseQuickAnswerForm({ ...valid, mood })).toEqual({
      ok: false,
      problems: [{ field: 'mood', reason: 'must be a whole number from 1 to 5' }],
    });
  });

  it.each(['0', '10', ' 8 '])('accepts craving %j', (craving) => {
    expect(parseQuickAnswerForm({ ...valid, craving })).toMatchObject({ ok: true, value: { craving: Number(craving) } });
  });

  it.each(['11', '-1', '7.0', 'high'])('refuses craving %j', (craving) => {
    expect(parseQuickAnswerForm({ ...valid, craving })).toEqual({
      ok: false,
      problems: [{ field: 'craving', reason: 'must be a whole number from 0 to 10' }],
    });
  });

  it('requires mood, craving and used, and reports every problem at once', () => {
    expect(parseQuickAnswerForm({})).toEqual({
      ok: false,
      problems: [
        { field: 'mood', reason: 'is required' },
        { field: 'craving', reason: 'is required' },
        { field: 'used', reason: 'is required' },
      ],
    });
    expect(parseQuickAnswerForm({ mood: '', craving: ' ', used: '' })).toMatchObject({ ok: false, problems: { length: 3 } });
    expect(parseQuickAnswerForm({ mood: '9', craving: '2', used: 'maybe', call: 'please', text: 'x'.repeat(MAX_ANSWER_TEXT + 1) })).toEqual({
      ok: false,
      problems: [
        { field: 'mood', reason: 'must be a whole number from 1 to 5' },
        { field: 'used', reason: 'must be yes or no' },
        { field: 'call', reason: 'must be yes or no' },
        { field: 'text', reason: `must be at most ${MAX_ANSWER_TEXT} characters` },
      ],
    });
  });

  it('refuses repeated or nested fields rather than picking one of the values', () => {
    expect(parseQuickAnswerForm({ mood: ['3', '4'], craving: { a: '1' }, used: ['no'], call: ['no', 'yes'], text: ['a', 'b'] })).toEqual({
      ok: false,
      problems: [
        { field: 'mood', reason: 'must be a whole number from 1 to 5' },
        { field: 'craving', reason: 'must be a whole number from 0 to 10' },
        { field: 'used', reason: 'must be yes or no' },
        { field: 'call', reason: 'must be yes or no' },
        { field: 'text', reason: 'must be text' },
      ],
    });
  });

  it('reads yes and no in any case, with spaces around them', () => {
    expect(parseQuickAnswerForm({ ...valid, used: ' YES ', call: 'Yes' })).toMatchObject({ ok: true, value: { usedSinceLast: true, wantsCall: true } });
  });

  it('keeps text up to the limit, counting a posted CRLF line break as one character', () => {
    const full = 'x'.repeat(MAX_ANSWER_TEXT);
    expect(parseQuickAnswerForm({ ...valid, text: full })).toMatchObject({ ok: true, value: { text: full } });
    const lines = 'ab\r\n'.repeat(MAX_ANSWER_TEXT / 3 - 1) + 'ab';
    const result = parseQuickAnswerForm({ ...valid, text: lines });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.value.text).not.toContain('\r');
      expect(result.value.text?.length).toBeLessThanOrEqual(MAX_ANSWER_TEXT);
    }
  });

  it('ignores other fields and inherited properties', () => {
    expect(parseQuickAnswerForm({ ...valid, submit: 'Send', _csrf: 'abc' })).toMatchObject({ ok: true });
    expect(parseQuickAnswerForm(Object.create({ mood: '3', craving: '0', used: 'no' }) as Record<string, unknown>)).toMatchObject({
      ok: false,
      problems: { length: 3 },
    });
  });
});

describe('parseInstrumentForm', () => {
  const phq9 = (answers: Record<string, string>): Record<string, string> =>
    Object.fromEntries(PHQ9.items.map((item, i) => [item.id, answers[item.id] ?? String(i % 4)]));

  it('reads every item as a number', () => {
    expect(parseInstrumentForm('phq9', phq9({}))).toEqual({
      ok: true,
      responses: { q1: 0, q2: 1, q3: 2, q4: 3, q5: 0, q6: 1, q7: 2, q8: 3, q9: 0 },
    });
    expect(parseInstrumentForm('phq9', phq9({ q1: ' 3 ' }))).toMatchObject({ ok: true, responses: { q1: 3 } });
  });

  it('ignores fields the instrument does not have', () => {
    expect(parseInstrumentForm('phq9', { ...phq9({}), submit: 'Send', q10: '2', mood: '1' })).toMatchObject({ ok: true });
  });

  it('names problems by the form field, every one of them', () => {
    const body = phq9({ q2: '', q3: '4', q5: '1.5', q7: 'often' });
    delete body['q9'];
    expect(parseInstrumentForm('phq9', body)).toEqual({
      ok: false,
      problems: [
        { field: 'q2', reason: 'is required' },
        { field: 'q3', reason: 'must be one of 0, 1, 2, 3' },
        { field: 'q5', reason: 'must be one of 0, 1, 2, 3' },
        { field: 'q7', reason: 'must be one of 0, 1, 2, 3' },
        { field: 'q9', reason: 'is required' },
      ],
    });
    expect(parseInstrumentForm('gad7', {})).toMatchObject({ ok: false, problems: { length: 7 } });
  });

  it('refuses a repeated field', () => {
    expect(parseInstrumentForm('phq9', { ...phq9({}), q1: ['0', '1'] })).toEqual({
      ok: false,
      problems: [{ field: 'q1', reason: 'must be one of 0, 1, 2, 3' }],
    });
  });

  it('leaves optional items out when blank and keeps the instrument’s own checks', () => {
    const bam: Record<string, string> = {};
    for (const id of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q8', 'q9', 'q10', 'q11', 'q12', 'q13', 'q15', 'q16', 'q17']) bam[id] = '0';
    bam['q14'] = '4';
    bam['q7a'] = '';
    const result = parseInstrumentForm('bam', bam);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.responses).not.toHaveProperty('q7a');
    expect(parseInstrumentForm('bam', { ...bam, q14: '1' })).toEqual({ ok: false, problems: [{ field: 'q14', reason: 'must be one of 0, 4' }] });
    expect(parseInstrumentForm('bam', { ...bam, q4: '1', q5: '2' })).toEqual({
      ok: false,
      problems: [{ field: 'q5', reason: 'cannot be more than item 4: every heavy-drinking day is a drinking day' }],
    });
  });
});
