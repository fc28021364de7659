import { Channel, type Language } from './graduate-rules';
import type { MessageKind, MessageTemplate } from './message-templates';

interface KindDefaults {
  sms: string;
  email: { subject: string; body: string };
}

/**
 * The wording used until an organisation writes its own. A lock screen or inbox preview shows
 * it to whoever holds the phone, so it names the organisation only as the organisation set its
 * name, and never the treatment, the program or the reason for the contact. Meeting titles are
 * staff-written (and may say "Recovery group"), so the defaults leave them out.
 *
 * The Spanish SMS avoid á, í, ó and ú where an equally natural word exists, so they stay in
 * GSM-7 and cost half as many segments; "¿Qué", "ñ" and "¡" are in GSM-7 already.
 */
export const DEFAULT_TEMPLATES: Readonly<Record<MessageKind, Readonly<Record<Language, KindDefaults>>>> = Object.freeze({
  'check_in.prompt': {
    en: {
      sms: "Hi {{firstName}}, it's {{organisationName}}. How are you doing this week? Reply 1-5 (5 = great) or answer here: {{link}}. Reply STOP to opt out.",
      email: {
        subject: 'How are you doing this week?',
        body: 'Hi {{firstName}},\n\nHow are you doing this week? You can answer a short check-in here:\n{{link}}\n\nIt takes about a minute.\n\n{{organisationName}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Le escribe {{organisationName}}. ¿Qué tal su semana? Responda del 1 al 5 (5 = muy bien) o conteste en este enlace: {{link}}. Responda STOP para darse de baja.',
      email: {
        subject: '¿Qué tal su semana?',
        body: 'Hola, {{firstName}}:\n\n¿Qué tal su semana? Puede responder a un breve cuestionario aquí:\n{{link}}\n\nLe llevará alrededor de un minuto.\n\n{{organisationName}}',
      },
    },
  },
  'check_in.nudge': {
    en: {
      sms: 'Hi {{firstName}}, {{organisationName}} again. A quick reply 1-5 (5 = great) helps us know how you are, or answer here: {{link}}',
      email: {
        subject: 'A quick question from {{organisationName}}',
        body: 'Hi {{firstName}},\n\nWe would still like to hear how you are doing. The short check-in is here:\n{{link}}\n\n{{organisationName}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. {{organisationName}} otra vez. Responda del 1 al 5 (5 = muy bien) para saber como esta, o conteste aqui: {{link}}',
      email: {
        subject: 'Una pregunta breve de {{organisationName}}',
        body: 'Hola, {{firstName}}:\n\nNos gustaría saber cómo está. El breve cuestionario está aquí:\n{{link}}\n\n{{organisationName}}',
      },
    },
  },
  'check_in.crisis_resources': {
    en: {
      sms: 'If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline), any time. If you are in danger now, call 911.',
      email: {
        subject: 'Support is available any time',
        body: 'Hi {{firstName}},\n\nIf you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline), any time. If you are in danger now, call 911.\n\n{{organisationName}}',
      },
    },
    es: {
      // 988 answers in Spanish when the caller presses 2, and by text when the message is AYUDA.
      sms: 'Si se encuentra en crisis o piensa en hacerse daño, llame al 988 y marque 2 para español, o mande AYUDA por mensaje de texto al 988, a cualquier hora. Si corre peligro ahora, llame al 911.',
      email: {
        subject: 'Hay apoyo disponible a cualquier hora',
        body: 'Hola, {{firstName}}:\n\nSi se encuentra en crisis o piensa en hacerse daño, llame al 988 (Línea de Prevención del Suicidio y Crisis) y marque 2 para español, o envíe AYUDA por mensaje de texto al 988, a cualquier hora. Si corre peligro ahora, llame al 911.\n\n{{organisationName}}',
      },
    },
  },
  'meeting.invite': {
    en: {
      sms: "Hi {{firstName}}, {{organisationName}} invites you to a meeting on {{startsAt}} at {{location}}. Reply Y to join or N if you can't make it. Details: {{link}}. Reply STOP to opt out.",
      email: {
        subject: 'An invitation from {{organisationName}}',
        body: 'Hi {{firstName}},\n\n{{organisationName}} invites you to a meeting.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails, and to let us know whether you can come: {{link}}\n\nThe calendar invitation in this email adds the meeting to your calendar; to answer, please use the link above.',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. {{organisationName}} le invita a un encuentro el {{startsAt}} en {{location}}. Responda S para asistir o N si no puede. Detalles: {{link}}. Responda STOP para darse de baja.',
      email: {
        subject: 'Una invitación de {{organisationName}}',
        body: 'Hola, {{firstName}}:\n\n{{organisationName}} le invita a una reunión.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles, y para decirnos si podrá asistir: {{link}}\n\nLa invitación de calendario de este correo añade la reunión a su calendario; para responder, use el enlace de arriba.',
      },
    },
  },
  'meeting.reminder': {
    en: {
      sms: 'Hi {{firstName}}, a reminder from {{organisationName}}: your meeting is on {{startsAt}} at {{location}}. Details: {{link}}',
      email: {
        subject: 'Reminder: {{startsAt}}',
        body: 'Hi {{firstName}},\n\nA reminder that your meeting with {{organisationName}} is coming up.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails: {{link}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Le recordamos su encuentro con {{organisationName}} el {{startsAt}} en {{location}}. Detalles: {{link}}',
      email: {
        subject: 'Recordatorio: {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nLe recordamos que se acerca su reunión con {{organisationName}}.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles: {{link}}',
      },
    },
  },
  'meeting.moved': {
    en: {
      sms: 'Hi {{firstName}}, a change from {{organisationName}}: your meeting is now on {{startsAt}} at {{location}}. Details and RSVP: {{link}}',
      email: {
        subject: 'Change to your meeting: now {{startsAt}}',
        body: "Hi {{firstName}},\n\nYour meeting with {{organisationName}} has a new time or place.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails and RSVP: {{link}}\n\nIf the new time or place doesn't suit you, please let us know at the link.",
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Hay un cambio de {{organisationName}}: su encuentro ahora es el {{startsAt}} en {{location}}. Detalles y para confirmar su asistencia: {{link}}',
      email: {
        subject: 'Cambio en su reunión: ahora el {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nSu reunión con {{organisationName}} ha cambiado de horario o de lugar.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles y confirmación de asistencia: {{link}}\n\nSi el nuevo horario o lugar no le viene bien, avísenos en ese enlace.',
      },
    },
  },
  'meeting.cancelled': {
    en: {
      sms: "Hi {{firstName}}, {{organisationName}} has cancelled the meeting on {{startsAt}}. We're sorry for any inconvenience.",
      email: {
        subject: 'Cancelled: meeting on {{startsAt}}',
        body: "Hi {{firstName}},\n\nThe meeting on {{startsAt}} has been cancelled. We're sorry for any inconvenience.\n\n{{organisationName}}",
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. {{organisationName}} ha cancelado el encuentro del {{startsAt}}. Disculpe las molestias.',
      email: {
        subject: 'Cancelada: reunión del {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nSe ha cancelado la reunión del {{startsAt}}. Disculpe las molestias.\n\n{{organisationName}}',
      },
    },
  },
  'meeting.place_open': {
    en: {
      sms: "Hi {{firstName}}, good news from {{organisationName}}: a place has opened up and you're confirmed for the meeting on {{startsAt}} at {{location}}. Details: {{link}}",
      email: {
        subject: 'You have a place: {{startsAt}}',
        body: 'Hi {{firstName}},\n\nGood news: a place has opened up at the meeting with {{organisationName}}, and you are now confirmed.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails: {{link}}\n\nIf you can no longer come, please let us know at the link so we can offer the place again.',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Buenas noticias de {{organisationName}}: se ha liberado una plaza y tiene su lugar confirmado en el encuentro del {{startsAt}} en {{location}}. Detalles: {{link}}',
      email: {
        subject: 'Tiene plaza: {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nBuenas noticias: se ha liberado una plaza en la reunión con {{organisationName}} y su asistencia ya está confirmada.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles: {{link}}\n\nSi ya no puede asistir, avísenos en ese enlace para que podamos ofrecer la plaza de nuevo.',
      },
    },
  },
  'meeting.feedback': {
    en: {
      sms: 'Hi {{firstName}}, thanks for coming to the meeting with {{organisationName}}. How was it? Rate it with one tap: {{link}}',
      email: {
        subject: 'How was the meeting?',
        body: 'Hi {{firstName}},\n\nThank you for coming to the meeting. How was it? You can rate it with one tap here:\n{{link}}\n\n{{organisationName}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Gracias por venir al encuentro con {{organisationName}}. ¿Qué tal fue? Puede valorarlo con un toque: {{link}}',
      email: {
        subject: '¿Qué tal fue la reunión?',
        body: 'Hola, {{firstName}}:\n\nGracias por venir a la reunión. ¿Qué tal fue? Puede valorarla con un solo toque aquí:\n{{link}}\n\n{{organisationName}}',
      },
    },
  },
  'family_session.notice': {
    en: {
      sms: 'Hi {{firstName}}, {{organisationName}} has scheduled a family appointment on {{startsAt}} at {{location}}. Details: {{link}}. Reply STOP to opt out.',
      email: {
        subject: 'New appointment: {{startsAt}}',
        body: 'Hi {{firstName}},\n\n{{organisationName}} has scheduled a family appointment.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails: {{link}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. {{organisationName}} ha programado una cita familiar el {{startsAt}} en {{location}}. Detalles: {{link}}. Responda STOP para darse de baja.',
      email: {
        subject: 'Nueva cita: {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\n{{organisationName}} ha programado una cita familiar.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles: {{link}}',
      },
    },
  },
  'family_session.reminder': {
    en: {
      sms: 'Hi {{firstName}}, a reminder from {{organisationName}}: your family appointment is on {{startsAt}} at {{location}}. Details: {{link}}',
      email: {
        subject: 'Reminder: {{startsAt}}',
        body: 'Hi {{firstName}},\n\nA reminder of your family appointment with {{organisationName}}.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails: {{link}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Le recordamos su cita familiar con {{organisationName}} el {{startsAt}} en {{location}}. Detalles: {{link}}',
      email: {
        subject: 'Recordatorio: {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nLe recordamos su cita familiar con {{organisationName}}.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles: {{link}}',
      },
    },
  },
  'family_session.moved': {
    en: {
      sms: 'Hi {{firstName}}, a change from {{organisationName}}: your family appointment is now on {{startsAt}} at {{location}}. Details: {{link}}',
      email: {
        subject: 'Change to your appointment: now {{startsAt}}',
        body: 'Hi {{firstName}},\n\nYour family appointment with {{organisationName}} has a new time or place.\n\nWhen: {{startsAt}}\nWhere: {{location}}\n\nDetails: {{link}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Hay un cambio de {{organisationName}}: su cita familiar ahora es el {{startsAt}} en {{location}}. Detalles: {{link}}',
      email: {
        subject: 'Cambio en su cita: ahora el {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nSu cita familiar con {{organisationName}} ha cambiado de horario o de lugar.\n\nCuándo: {{startsAt}}\nDónde: {{location}}\n\nDetalles: {{link}}',
      },
    },
  },
  'family_session.cancelled': {
    en: {
      sms: "Hi {{firstName}}, {{organisationName}} has cancelled the family appointment on {{startsAt}}. We're sorry for any inconvenience.",
      email: {
        subject: 'Cancelled: appointment on {{startsAt}}',
        body: "Hi {{firstName}},\n\nThe family appointment on {{startsAt}} has been cancelled. We're sorry for any inconvenience.\n\n{{organisationName}}",
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. {{organisationName}} ha cancelado la cita familiar del {{startsAt}}. Disculpe las molestias.',
      email: {
        subject: 'Cancelada: cita del {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nSe ha cancelado la cita familiar del {{startsAt}}. Disculpe las molestias.\n\n{{organisationName}}',
      },
    },
  },
  // `{{nextSession}}` is a whole sentence or empty, so it comes last: renderMessage trims what an empty one leaves.
  'family_session.follow_up': {
    en: {
      sms: "Hi {{firstName}}, thank you for taking part in the family appointment with {{organisationName}}. We'd value your feedback (it's short): {{link}} {{nextSession}}",
      email: {
        subject: 'Thank you from {{organisationName}}',
        body: 'Hi {{firstName}},\n\nThank you for taking part in the family appointment with {{organisationName}}. We would value your feedback; the short form is here:\n{{link}}\n\n{{nextSession}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Gracias por participar en la cita familiar con {{organisationName}}. Puede darnos su parecer en un breve formulario: {{link}} {{nextSession}}',
      email: {
        subject: 'Gracias de parte de {{organisationName}}',
        body: 'Hola, {{firstName}}:\n\nGracias por participar en la cita familiar con {{organisationName}}. Nos gustaría conocer su opinión; el breve formulario está aquí:\n{{link}}\n\n{{nextSession}}',
      },
    },
  },
  // To the graduate, for schedule, reschedule and cancel notices alike: it says only that an update went out.
  'family_session.notified': {
    en: {
      sms: 'Hi {{firstName}}, this is {{organisationName}}. We sent an update about your family appointment on {{startsAt}} to: {{contactNames}}.',
      email: {
        subject: 'Update sent about your appointment on {{startsAt}}',
        body: 'Hi {{firstName}},\n\nWe sent an update about your family appointment on {{startsAt}} to: {{contactNames}}.\n\n{{organisationName}}',
      },
    },
    es: {
      sms: 'Hola, {{firstName}}. Le escribe {{organisationName}}. Hemos enviado un aviso sobre su cita familiar del {{startsAt}} a: {{contactNames}}.',
      email: {
        subject: 'Aviso enviado sobre su cita del {{startsAt}}',
        body: 'Hola, {{firstName}}:\n\nHemos enviado un aviso sobre su cita familiar del {{startsAt}} a: {{contactNames}}.\n\n{{organisationName}}',
      },
    },
  },
  'alert.page': {
    en: {
      sms: '{{organisationName}}: an urgent alert is waiting for you in Continuum. Please open it now.',
      email: {
        subject: 'Urgent alert waiting in Continuum',
        body: 'Hi {{firstName}},\n\nAn urgent alert is waiting for you in Continuum. Please open it now.\n\n{{organisationName}}',
      },
    },
    es: {
      sms: '{{organisationName}}: tiene una alerta urgente en Continuum. Por favor, abrala ahora.',
      email: {
        subject: 'Alerta urgente en Continuum',
        body: 'Hola, {{firstName}}:\n\nTiene una alerta urgente en Continuum. Por favor, ábrala ahora.\n\n{{organisationName}}',
      },
    },
  },
  'digest.daily': {
    en: {
      sms: '{{organisationName}}: your daily summary from Continuum is in your email.',
      email: {
        subject: 'Your day in Continuum',
        body: 'Hi {{firstName}},\n\nHere is what needs you today.\n\n{{digest}}\n\nOpen Continuum for the details.\n\n{{organisationName}}',
      },
    },
    es: {
      sms: '{{organisationName}}: su resumen diario de Continuum esta en su correo.',
      email: {
        subject: 'Su día en Continuum',
        body: 'Hola, {{firstName}}:\n\nEsto es lo que le necesita hoy.\n\n{{digest}}\n\nAbra Continuum para ver los detalles.\n\n{{organisationName}}',
      },
    },
  },
  'conversation.reply': {
    en: {
      sms: '{{message}}',
      email: { subject: 'A message from {{organisationName}}', body: 'Hi {{firstName}},\n\n{{message}}\n\n{{organisationName}}' },
    },
    es: {
      sms: '{{message}}',
      email: { subject: 'Un mensaje de {{organisationName}}', body: 'Hola, {{firstName}}:\n\n{{message}}\n\n{{organisationName}}' },
    },
  },
  'broadcast.message': {
    en: {
      sms: '{{organisationName}}: {{message}} Reply STOP to opt out.',
      email: { subject: 'News from {{organisationName}}', body: 'Hi {{firstName}},\n\n{{message}}\n\n{{organisationName}}' },
    },
    es: {
      sms: '{{organisationName}}: {{message}} Responda STOP para darse de baja.',
      email: { subject: 'Novedades de {{organisationName}}', body: 'Hola, {{firstName}}:\n\n{{message}}\n\n{{organisationName}}' },
    },
  },
  'delivery.test': {
    en: {
      sms: 'This is a test message from {{organisationName}}. No reply is needed.',
      email: {
        subject: 'Test message from {{organisationName}}',
        body: 'This is a test message from {{organisationName}}. No reply is needed.',
      },
    },
    es: {
      sms: 'Este es un mensaje de prueba de {{organisationName}}. No hace falta responder.',
      email: {
        subject: 'Mensaje de prueba de {{organisationName}}',
        body: 'Este es un mensaje de prueba de {{organisationName}}. No hace falta responder.',
      },
    },
  },
});

/** The default template for a kind, channel and language, in the shape stored templates have. */
export function defaultTemplate(kind: MessageKind, channel: Channel, language: Language): MessageTemplate {
  const defaults = DEFAULT_TEMPLATES[kind][language];
  return channel === Channel.Sms ? { subject: null, body: defaults.sms } : { ...defaults.email };
}
