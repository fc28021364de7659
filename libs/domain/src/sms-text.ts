/** How an SMS body will be encoded and how many billable segments it makes. */
export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extension characters take two), UTF-16 code units for UCS-2 (emoji take two). */
  units: number;
  segments: number;
  /** Units one segment holds: 160/70 for a single message, 153/67 once a concatenation header is needed. */
  perSegment: number;
}

/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038), in code order, without ESC (0x1B). Note
 * 0x09 is capital Ç: lower-case ç is not in the alphabet, and of the acute vowels only é and É
 * are, so Spanish text with á, í, ó or ú goes out as UCS-2.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each is sent as ESC plus a septet, so it costs two units. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXTENSION_SET = new Set(GSM_EXTENSION);

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const MULTI = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/**
 * Counts the segments a body costs. A multi-part message is packed the way carriers do it: an
 * escape pair (GSM-7) or a surrogate pair (UCS-2) is never split across two segments, so a
 * body can need one segment more than `units / perSegment` rounded up. An empty body is zero
 * segments: nothing would be sent.
 */
export function smsSegments(text: string): SmsSegments {
  const chars = Array.from(text);
  const gsm = chars.every(isGsmChar);
  const encoding = gsm ? 'GSM-7' : 'UCS-2';
  const sizes = gsm ? chars.map((c) => (GSM_EXTENSION_SET.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  if (units === 0) return { encoding, units, segments: 0, perSegment: SINGLE[encoding] };
  if (units <= SINGLE[encoding]) return { encoding, units, segments: 1, perSegment: SINGLE[encoding] };

  const perSegment = MULTI[encoding];
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perSegment) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments, perSegment };
}

/** True when every character of `text` can be sent in the GSM 03.38 alphabet (basic or extension). */
export function isGsm7(text: string): boolean {
  return Array.from(text).every(isGsmChar);
}

function isGsmChar(c: string): boolean {
  return GSM_BASIC_SET.has(c) || GSM_EXTENSION_SET.has(c);
}
