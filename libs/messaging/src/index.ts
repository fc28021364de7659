export type { CalendarPart, EmailTransport, OutgoingEmail, OutgoingSms, ProviderRecord, SendOutcome, SmsTransport } from './transport';
export { bodyDigest, scrubReason } from './transport';
export { TwilioSmsTransport, classifyTwilioError, type TwilioSettings } from './twilio-sms.transport';
export { SmtpEmailTransport, classifySmtpError, type SmtpSettings } from './smtp-email.transport';
