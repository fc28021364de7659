import type { Language } from './graduate-rules';

export type Localised = Readonly<Record<Language, string>>;

export interface InstrumentOption {
  value: number;
  label: Localised;
}

export interface InstrumentItem {
  /** The key of the item's response (`q9`); problems name it `responses.q9`. */
  id: string;
  text: Localised;
  options: readonly InstrumentOption[];
  /** Optional items may be left out; they are never part of a score. */
  optional?: true;
}

export interface InstrumentDefinition {
  key: string;
  name: string;
  /** Short citation of the instrument and its scoring. */
  source: string;
  /** The question every item answers ("Over the last 2 weeks…"). */
  stem: Localised;
  items: readonly InstrumentItem[];
}

const options = (labels: readonly (readonly [string, string])[], values?: readonly number[]): readonly InstrumentOption[] =>
  Object.freeze(labels.map(([en, es], i) => Object.freeze({ value: values?.[i] ?? i, label: Object.freeze({ en, es }) })));

const items = (list: readonly (readonly [string, string])[], opts: readonly InstrumentOption[]): readonly InstrumentItem[] =>
  Object.freeze(list.map(([en, es], i) => Object.freeze({ id: `q${i + 1}`, text: Object.freeze({ en, es }), options: opts })));

/** The four answers of the PHQ-9 and GAD-7, scored 0–3. */
export const FREQUENCY_OPTIONS = options([
  ['Not at all', 'Ningún día'],
  ['Several days', 'Varios días'],
  ['More than half the days', 'Más de la mitad de los días'],
  ['Nearly every day', 'Casi todos los días'],
]);

const TWO_WEEKS: Localised = Object.freeze({
  en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  es: 'Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?',
});

/**
 * PHQ-9, Kroenke, Spitzer & Williams 2001 (J Gen Intern Med 16:606–613); free to reproduce and
 * translate without permission (usually called public domain). The English is the standard wording; the Spanish is close to the published
 * Spanish version but has not been checked against it: have it reviewed before clinical use.
 */
export const PHQ9: InstrumentDefinition = Object.freeze({
  key: 'phq9',
  name: 'PHQ-9 (depression)',
  source: 'Kroenke, Spitzer & Williams, J Gen Intern Med 2001',
  stem: TWO_WEEKS,
  items: items(
    [
      ['Little interest or pleasure in doing things', 'Poco interés o placer en hacer cosas'],
      ['Feeling down, depressed, or hopeless', 'Se ha sentido decaído(a), deprimido(a) o sin esperanzas'],
      ['Trouble falling or staying asleep, or sleeping too much', 'Dificultad para dormirse o permanecer dormido(a), o ha dormido demasiado'],
      ['Feeling tired or having little energy', 'Se ha sentido cansado(a) o con poca energía'],
      ['Poor appetite or overeating', 'Poco apetito o ha comido en exceso'],
      [
        'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
        'Se ha sentido mal consigo mismo(a), o que es un fracaso, o que ha quedado mal con usted mismo(a) o con su familia',
      ],
      [
        'Trouble concentrating on things, such as reading the newspaper or watching television',
        'Dificultad para concentrarse en cosas como leer el periódico o ver la televisión',
      ],
      [
        'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
        '¿Se ha movido o ha hablado tan despacio que otras personas podrían notarlo? O lo contrario: tan inquieto(a) que se ha movido mucho más de lo normal',
      ],
      [
        'Thoughts that you would be better off dead or of hurting yourself in some way',
        'Pensamientos de que estaría mejor muerto(a) o de hacerse daño de alguna manera',
      ],
    ],
    FREQUENCY_OPTIONS,
  ),
});

/**
 * GAD-7, Spitzer, Kroenke, Williams & Löwe 2006 (Arch Intern Med 166:1092–1097); free to
 * reproduce like the PHQ-9.
 * Spanish as for the PHQ-9: close to the published version, to be reviewed before clinical use.
 */
export const GAD7: InstrumentDefinition = Object.freeze({
  key: 'gad7',
  name: 'GAD-7 (anxiety)',
  source: 'Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006',
  stem: TWO_WEEKS,
  items: items(
    [
      ['Feeling nervous, anxious, or on edge', 'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta'],
      ['Not being able to stop or control worrying', 'No ha podido dejar de preocuparse o controlar su preocupación'],
      ['Worrying too much about different things', 'Se ha preocupado demasiado por diferentes cosas'],
      ['Trouble relaxing', 'Dificultad para relajarse'],
      ['Being so restless that it is hard to sit still', 'Tan inquieto(a) que le ha costado quedarse quieto(a)'],
      ['Becoming easily annoyed or irritable', 'Se ha molestado o irritado fácilmente'],
      ['Feeling afraid, as if something awful might happen', 'Ha sentido miedo, como si algo terrible fuera a pasar'],
    ],
    FREQUENCY_OPTIONS,
  ),
});

export { options as instrumentOptions };
