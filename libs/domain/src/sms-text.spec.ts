import { isGsm7, smsSegments } from './sms-text';

const a = (n: number) => 'a'.repeat(n);

describe('smsSegments', () => {
  it('fits 160 GSM-7 characters in one segment and splits 161 into two of 153', () => {
    expect(smsSegments(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(smsSegments(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
    expect(smsSegments(a(306))).toMatchObject({ segments: 2 });
    expect(smsSegments(a(307))).toMatchObject({ segments: 3 });
  });

  it('counts extension characters as two units', () => {
    for (const c of ['{', '}', '[', ']', '~', '\\', '|', '^', '€', '\f']) {
      expect(smsSegments(c)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1, perSegment: 160 });
    }
    expect(smsSegments(a(158) + '€')).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments(a(159) + '€')).toMatchObject({ units: 161, segments: 2 });
  });

  it('never splits an escape pair across segments', () => {
    // 152 + 2 + 152 = 306 units would fit in two segments of 153, but the € cannot be split.
    expect(smsSegments(a(152) + '€' + a(152))).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsSegments(a(151) + '€' + a(153))).toMatchObject({ units: 306, segments: 2 });
  });

  it('keeps the accented letters of the GSM 03.38 alphabet in GSM-7', () => {
    for (const c of ['é', 'É', 'è', 'ù', 'ì', 'ò', 'à', 'Ç', 'ñ', 'Ñ', 'ü', 'Ü', 'ä', 'Ö', 'ß', 'Å', 'Ø', '¿', '¡', '£', '¥', '§', '¤', 'Δ', 'Ω']) {
      expect(`${c}: ${smsSegments(c).encoding}`).toBe(`${c}: GSM-7`);
    }
  });

  it('switches to UCS-2 for letters outside it: ç, á, í, ó, ú, curly quotes', () => {
    for (const c of ['ç', 'á', 'í', 'ó', 'ú', 'Á', 'ê', '’', '“', '\t', '\u00a0']) {
      expect(`${c}: ${smsSegments(c).encoding}`).toBe(`${c}: UCS-2`);
    }
    expect(smsSegments('¿Cómo está?')).toEqual({ encoding: 'UCS-2', units: 11, segments: 1, perSegment: 70 });
  });

  it('fits 70 UCS-2 units in one segment and splits 71 into two of 67', () => {
    expect(smsSegments('ó'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('ó'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('ó'.repeat(134))).toMatchObject({ segments: 2 });
    expect(smsSegments('ó'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UTF-16 units and never splits it', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1, perSegment: 70 });
    expect(smsSegments('ok 😀')).toMatchObject({ units: 5 });
    expect(smsSegments(a(68) + '😀')).toMatchObject({ units: 70, segments: 1 });
    // 66 + 2 + 66 = 134 units, but the pair cannot straddle the boundary at 67.
    expect(smsSegments(a(66) + '😀' + a(66))).toMatchObject({ units: 134, segments: 3 });
  });

  it('counts line breaks as one unit and an empty body as no segments', () => {
    expect(smsSegments('a\nb\r\nc')).toMatchObject({ encoding: 'GSM-7', units: 6 });
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160 });
  });
});

describe('isGsm7', () => {
  it('is true only when every character is in the basic or extension table', () => {
    expect(isGsm7('Reply STOP to opt out. {ok} €5')).toBe(true);
    expect(isGsm7("it's")).toBe(true);
    expect(isGsm7('it’s')).toBe(false);
  });
});
