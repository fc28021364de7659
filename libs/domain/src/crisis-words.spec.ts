import { DEFAULT_CRISIS_WORDS, findCrisisWords } from './crisis-words';

describe('findCrisisWords', () => {
  it('finds English and Spanish crisis words and phrases', () => {
    expect(findCrisisWords('I want to kill myself')).toEqual(['kill myself']);
    expect(findCrisisWords('I think I overdosed last night')).toEqual(['overdosed']);
    expect(findCrisisWords('Quiero morir')).toEqual(['quiero morir']);
    expect(findCrisisWords('pensé en el suicidio')).toEqual(['suicidio']);
    expect(findCrisisWords('tengo ganas de quitarme la vida')).toEqual(['quitarme la vida']);
  });

  it('errs towards escalation: a denial still matches', () => {
    expect(findCrisisWords("I don't want to die")).toEqual(['want to die']);
    expect(findCrisisWords('not suicidal, just tired')).toEqual(['suicidal']);
  });

  it('ignores case, accents, punctuation and extra spaces', () => {
    expect(findCrisisWords('KILL   MYSELF!!!')).toEqual(['kill myself']);
    expect(findCrisisWords('kill...myself')).toEqual(['kill myself']);
    expect(findCrisisWords('want\nto\tdie')).toEqual(['want to die']);
    expect(findCrisisWords('Quiero hacerme dano')).toEqual(['hacerme daño']);
    expect(findCrisisWords('HACERME DAÑO')).toEqual(['hacerme daño']);
    expect(findCrisisWords('SUICIDIO.')).toEqual(['suicidio']);
  });

  it('matches "self harm" however it is joined', () => {
    for (const text of ['self harm', 'self-harm', 'selfharm', 'Self–Harm']) expect(findCrisisWords(text)).toEqual(['self harm']);
  });

  it('reads OD\'d with a straight or curly apostrophe, but not "odd"', () => {
    expect(findCrisisWords("my cousin OD'd")).toEqual(["OD'd"]);
    expect(findCrisisWords('my cousin OD\u2019d')).toEqual(["OD'd"]);
    expect(findCrisisWords('that was odd')).toEqual([]);
  });

  it('matches whole words only', () => {
    expect(findCrisisWords('killing it at work this week')).toEqual([]);
    expect(findCrisisWords('I could kill for a coffee')).toEqual([]);
    expect(findCrisisWords('unsuicidal')).toEqual([]);
    expect(findCrisisWords('myself, I feel good; kill the lights')).toEqual([]);
  });

  it('reports each entry once, in list order', () => {
    expect(findCrisisWords('suicide. overdose. suicide again')).toEqual(['suicide', 'overdose']);
    expect(findCrisisWords('sobredosis and suicidal')).toEqual(['suicidal', 'sobredosis']);
  });

  it('uses a list of our own when given one', () => {
    expect(findCrisisWords('the bridge again', ['bridge'])).toEqual(['bridge']);
    expect(findCrisisWords('I want to die', ['bridge'])).toEqual([]);
  });

  it('covers the phrases the brief names', () => {
    const required = ['suicide', 'suicidal', 'kill myself', 'end my life', 'want to die', 'overdose', 'overdosed', "OD'd", 'hurt myself', 'self harm', 'no reason to live'];
    const spanish = ['suicidio', 'matarme', 'quitarme la vida', 'quiero morir', 'sobredosis', 'hacerme daño'];
    expect(DEFAULT_CRISIS_WORDS).toEqual(expect.arrayContaining([...required, ...spanish]));
  });

  it('finds every default entry in a sentence around it', () => {
    for (const word of DEFAULT_CRISIS_WORDS) expect(findCrisisWords(`honestly, ${word}.`)).toContain(word);
  });
});
