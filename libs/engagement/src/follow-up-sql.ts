import { FOLLOW_UP_CLOSES_MONTHS, FOLLOW_UP_OPENS_MONTHS } from '@continuum/domain';

/** A graduate's intake (`g` aliased): the admission date, else the discharge date. */
export const INTAKE_SQL = 'coalesce(g.admission_date, g.discharge_date)';

/**
 * The 6-month follow-up window (`followUpWindow` in libs/domain) as SQL dates over an intake
 * expression: the first day it is open, and the last. Calendar months, clamped at month ends as
 * luxon does; the follow-up report, the digest and the worklist all read it from here.
 */
export function followUpWindowSql(intake: string): { opens: string; closes: string } {
  return {
    opens: `(${intake} + interval '${FOLLOW_UP_OPENS_MONTHS} months')::date`,
    closes: `((${intake} + interval '${FOLLOW_UP_CLOSES_MONTHS} months')::date - 1)`,
  };
}
