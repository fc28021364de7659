import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords } from './sensitive-words';

describe('findSensitiveWords', () => {
  it('finds whole words in any case', () => {
    expect(findSensitiveWords('Your recovery group meets Tuesday')).toEqual(['recovery']);
    expect(findSensitiveWords('REHAB alumni night')).toEqual(['rehab']);
    expect(findSensitiveWords('Stay Sober this weekend')).toEqual(['sober']);
  });

  it('finds Spanish words with or without their accents', () => {
    expect(findSensitiveWords('Reunión de recuperación')).toEqual(['recuperación']);
    expect(findSensitiveWords('Reunion de RECUPERACION')).toEqual(['recuperación']);
    expect(findSensitiveWords('Evite una recaida')).toEqual(['recaída']);
    // A decomposed "ó" (o + combining accent) is the same word.
    expect(findSensitiveWords('Adicción'.normalize('NFD'))).toEqual(['adicción']);
  });

  it('catches plurals but not longer words that merely contain one', () => {
    expect(findSensitiveWords('drugs, not drug money')).toEqual(['drug']);
    expect(findSensitiveWords('no opioids, no relapses')).toEqual(['relapse', 'opioid']);
    expect(findSensitiveWords('Las adicciones y las drogas')).toEqual(['adicción', 'droga']);
    expect(findSensitiveWords('Meet at the drugstore on Main')).toEqual([]);
    expect(findSensitiveWords('Our soberano committee')).toEqual([]);
    expect(findSensitiveWords('We treat you well; retreatment of the lawn')).toEqual([]);
  });

  it('matches AA and NA only as capitalised whole words', () => {
    expect(findSensitiveWords('Join the NA meeting')).toEqual(['NA']);
    expect(findSensitiveWords('AA on Fridays')).toEqual(['AA']);
    for (const text of ['NAtional park day', 'banana bread', 'Nashville trip', 'na na na', 'aa batteries', 'AAA roadside', 'Visit NASA']) {
      expect({ text, found: findSensitiveWords(text) }).toEqual({ text, found: [] });
    }
  });

  it('treats hyphens and spaces in an entry alike', () => {
    expect(findSensitiveWords('a 12-step program')).toEqual(['12-step']);
    expect(findSensitiveWords('a 12 step program')).toEqual(['12-step']);
    expect(findSensitiveWords('a 112-step staircase')).toEqual([]);
  });

  it('reports each word once, in list order', () => {
    expect(findSensitiveWords('Treatment, detox, treatment again')).toEqual(['detox', 'treatment']);
  });

  it('uses the list it is given instead of the default', () => {
    expect(findSensitiveWords('Your recovery group', ['clinic'])).toEqual([]);
    expect(findSensitiveWords('See you at the Clinic', ['clinic'])).toEqual(['clinic']);
  });

  it('holds the words the privacy rule names', () => {
    expect(DEFAULT_SENSITIVE_WORDS).toEqual(
      expect.arrayContaining(['rehab', 'addiction', 'recovery', 'sobriety', 'detox', 'methadone', 'suboxone', 'AA', 'NA', '12-step', 'IOP', 'tratamiento', 'sustancia']),
    );
  });
});
