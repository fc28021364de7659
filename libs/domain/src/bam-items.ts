import { instrumentOptions, type InstrumentDefinition, type InstrumentItem, type InstrumentOption } from './instrument-items';

/**
 * Days in the past 30, in the five bands of the categorical BAM: 0, 1–3, 4–8, 9–15, 16–30,
 * coded 0–4. (The BAM-R asks for the number of days itself; bamDaysCode turns one into the other.)
 */
export const BAM_DAYS_OPTIONS = instrumentOptions([
  ['0 days', '0 días'],
  ['1–3 days', '1–3 días'],
  ['4–8 days', '4–8 días'],
  ['9–15 days', '9–15 días'],
  ['16–30 days', '16–30 días'],
]);

export const BAM_EXTENT_OPTIONS = instrumentOptions([
  ['Not at all', 'Nada'],
  ['Slightly', 'Un poco'],
  ['Moderately', 'Moderadamente'],
  ['Considerably', 'Bastante'],
  ['Extremely', 'Extremadamente'],
]);

const HEALTH_OPTIONS = instrumentOptions([
  ['Excellent', 'Excelente'],
  ['Very good', 'Muy buena'],
  ['Good', 'Buena'],
  ['Fair', 'Regular'],
  ['Poor', 'Mala'],
]);

/** Item 14 is yes/no; the BAM scores "yes" (enough income) as 4 so it weighs like the other items. */
const YES_NO_OPTIONS = instrumentOptions(
  [
    ['No', 'No'],
    ['Yes', 'Sí'],
  ],
  [0, 4],
);

/** The band (0–4) of a count of days in the past 30, as the categorical BAM codes it. */
export function bamDaysCode(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > 30) throw new RangeError('days must be a whole number from 0 to 30');
  if (days === 0) return 0;
  if (days <= 3) return 1;
  if (days <= 8) return 2;
  return days <= 15 ? 3 : 4;
}

const item = (id: string, en: string, es: string, options: readonly InstrumentOption[], optional?: true): InstrumentItem =>
  Object.freeze({ id, text: Object.freeze({ en, es }), options, ...(optional ? { optional } : {}) });

/** Item 7's sub-items: which drugs, on how many days. They elaborate item 6 and are never scored. */
const DRUGS: readonly (readonly [string, string, string])[] = [
  ['a', 'Marijuana', 'Marihuana'],
  ['b', 'Sedatives or tranquilizers', 'Sedantes o tranquilizantes'],
  ['c', 'Cocaine or crack', 'Cocaína o crack'],
  ['d', 'Other stimulants', 'Otros estimulantes'],
  ['e', 'Opioids', 'Opioides'],
  ['f', 'Inhalants', 'Inhalantes'],
  ['g', 'Other drugs', 'Otras drogas'],
];

/**
 * The Brief Addiction Monitor (Cacciola et al., J Subst Abuse Treat 2013; VA scoring guide), 17
 * items about the past 30 days. The texts here are short paraphrases, not the instrument's exact
 * wording: use the VA form for clinical administration.
 *
 * Simplification: item 7 (7a–7g, days of use per drug) is optional here. The form asks it only
 * when item 6 is above 0, and it is not part of any score.
 */
export const BAM: InstrumentDefinition = Object.freeze({
  key: 'bam',
  name: 'BAM (Brief Addiction Monitor)',
  source: 'Cacciola et al., J Subst Abuse Treat 2013; VA BAM manual scoring',
  stem: Object.freeze({ en: 'About the past 30 days:', es: 'Sobre los últimos 30 días:' }),
  items: Object.freeze([
    item('q1', 'How has your physical health been?', '¿Cómo ha estado su salud física?', HEALTH_OPTIONS),
    item('q2', 'On how many nights did you have trouble falling or staying asleep?', '¿Cuántas noches tuvo dificultad para dormirse o seguir dormido(a)?', BAM_DAYS_OPTIONS),
    item('q3', 'On how many days did you feel depressed, anxious, angry or very upset for most of the day?', '¿Cuántos días se sintió deprimido(a), ansioso(a), enojado(a) o muy alterado(a) casi todo el día?', BAM_DAYS_OPTIONS),
    item('q4', 'On how many days did you drink any alcohol?', '¿Cuántos días tomó alcohol, aunque fuera poco?', BAM_DAYS_OPTIONS),
    item('q5', 'On how many days did you have 5 or more drinks (4 or more for women)?', '¿Cuántos días tomó 5 bebidas o más (4 o más si es mujer)?', BAM_DAYS_OPTIONS),
    item('q6', 'On how many days did you use street drugs or misuse prescription medicines?', '¿Cuántos días usó drogas ilegales o abusó de medicamentos recetados?', BAM_DAYS_OPTIONS),
    ...DRUGS.map(([suffix, en, es]) => item(`q7${suffix}`, `Days of use: ${en.toLowerCase()}`, `Días de uso: ${es.toLowerCase()}`, BAM_DAYS_OPTIONS, true)),
    item('q8', 'How much were you bothered by cravings or urges to drink or use drugs?', '¿Cuánto le molestaron los antojos o ganas de beber o usar drogas?', BAM_EXTENT_OPTIONS),
    item('q9', 'How confident are you that you can stay completely abstinent in the next 30 days?', '¿Qué tan seguro(a) está de poder mantenerse sin alcohol ni drogas los próximos 30 días?', BAM_EXTENT_OPTIONS),
    item('q10', 'On how many days did you go to self-help meetings to support your recovery?', '¿Cuántos días fue a reuniones de autoayuda para apoyar su recuperación?', BAM_DAYS_OPTIONS),
    item('q11', 'On how many days were you in situations or with people that raised your risk of using?', '¿Cuántos días estuvo en situaciones o con personas que aumentaban su riesgo de consumir?', BAM_DAYS_OPTIONS),
    item('q12', 'Does your religion or spirituality help support your recovery?', '¿Su religión o espiritualidad le ayuda en su recuperación?', BAM_EXTENT_OPTIONS),
    item('q13', 'On how many days did you spend much of the time at work, school or volunteering?', '¿Cuántos días pasó buena parte del tiempo en el trabajo, la escuela o de voluntario(a)?', BAM_DAYS_OPTIONS),
    item('q14', 'Do you have enough legal income for housing, transport, food and clothing for you and your dependents?', '¿Tiene ingresos legales suficientes para vivienda, transporte, comida y ropa para usted y sus dependientes?', YES_NO_OPTIONS),
    item('q15', 'How much were you bothered by arguments or problems getting along with family or friends?', '¿Cuánto le molestaron las discusiones o problemas con familiares o amistades?', BAM_EXTENT_OPTIONS),
    item('q16', 'On how many days were you in contact with family or friends who support your recovery?', '¿Cuántos días tuvo contacto con familiares o amistades que apoyan su recuperación?', BAM_DAYS_OPTIONS),
    item('q17', 'How satisfied are you with your progress toward your recovery goals?', '¿Qué tan satisfecho(a) está con su progreso hacia sus metas de recuperación?', BAM_EXTENT_OPTIONS),
  ]),
});

/** The BAM's three scores (VA scoring guide); item 7 is in none of them and item 17 stands alone. */
export const BAM_SUBSCALES = Object.freeze({
  use: Object.freeze(['q4', 'q5', 'q6']),
  risk: Object.freeze(['q1', 'q2', 'q3', 'q8', 'q11', 'q15']),
  protective: Object.freeze(['q9', 'q10', 'q12', 'q13', 'q14', 'q16']),
});
