import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { EmailTransport, OutgoingEmail, SendOutcome } from './transport';
import { scrubReason } from './transport';

export interface SmtpSettings {
  url: string;
  from: string;
  timeoutMs: number;
}

const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EDNS', 'EAUTH', 'ETLS', 'EENVELOPE']);
/** SMTP commands that come before the message is handed over: a failure there sent nothing. */
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH PLAIN', 'AUTH LOGIN', 'MAIL FROM', 'RCPT TO']);

interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

/** Email through a pooled nodemailer SMTP transport: plain text and HTML, our Message-ID and headers. */
export class SmtpEmailTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: nodemailer.Transporter<SMTPPool.SentMessageInfo>;

  constructor(private readonly settings: SmtpSettings) {
    const url = new URL(settings.url);
    const options: SMTPPool.Options = {
      pool: true,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      maxConnections: 5,
    };
    this.transporter = nodemailer.createTransport(options);
  }

  async send(message: OutgoingEmail): Promise<SendOutcome> {
    try {
      const info = await this.transporter.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers,
        // As a text/calendar alternative (and attachment), which is how calendar clients recognise an invitation.
        ...(message.calendar ? { icalEvent: { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content } } : {}),
      });
      return { kind: 'accepted', providerId: info.messageId, providerStatus: 'sent' };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as SmtpErrorLike;
  const reason = scrubReason(e.message ?? 'SMTP error');
  if (typeof e.responseCode === 'number') {
    const code = String(e.responseCode);
    if (e.responseCode >= 500) return { kind: 'rejected', code, reason };
    if (e.responseCode >= 400) return { kind: 'retry', code, reason };
  }
  const errno = e.code ?? 'ERROR';
  // Before DATA nothing was handed over; a connection lost during or after it might have been.
  if (NOT_SENT_ERRORS.has(errno) || (e.command !== undefined && BEFORE_DATA.has(e.command))) {
    return { kind: 'retry', code: errno, reason };
  }
  return { kind: 'unknown', code: errno, reason };
}
