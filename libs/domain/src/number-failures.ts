/**
 * Twilio error codes that say the phone number itself will not take texts: invalid, not a mobile
 * (a landline), unreachable, unknown. Unlike a STOP (21610) or a carrier filter, they call for
 * another channel and for a coordinator to check the number.
 */
export const NUMBER_FAILURE_CODES: ReadonlySet<string> = new Set(['21211', '21214', '21217', '21401', '21407', '21408', '21612', '21614', '30003', '30005', '30006']);

export function isNumberFailure(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && NUMBER_FAILURE_CODES.has(code);
}
