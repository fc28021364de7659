import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) for real nodemailer to send to.
 * Plain text only: STARTTLS is not offered, so use `secure: false, ignoreTLS: true`. Any login is
 * accepted (or none); pass `auth` to require one user and password.
 */
export interface FakeSmtpOptions {
  auth?: { user: string; pass: string };
}

export interface ReceivedEmail {
  envelope: { from: string | null; to: string[] };
  messageId: string | undefined;
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  /**
   * Header values as sent (unfolded, not decoded), by lowercase name; first occurrence wins.
   * mailparser turns List-* headers into objects, so the raw strings are kept here instead.
   */
  headers: Record<string, string>;
  /** The iCalendar part (a meeting invitation or cancellation), as a calendar client would read it. */
  calendar: string | undefined;
  raw: string;
  /** The user nodemailer logged in as, if it did. */
  user: string | undefined;
  /** True for a message taken in by `dropConnectionNext`: the server has it, the client never heard. */
  dropped: boolean;
}

export interface SmtpRejection {
  code: number;
  message?: string;
  /** Refuse the recipients (RCPT TO) or the message after its content (DATA, the default). */
  stage?: 'rcpt' | 'data';
}

type Fault = { kind: 'reject'; rejection: SmtpRejection } | { kind: 'drop' };

export class FakeSmtp {
  /** Every message received, in order. */
  readonly messages: ReceivedEmail[] = [];
  /** Connection errors the server saw (a client resetting mid-transaction, say); kept, not thrown. */
  readonly errors: Error[] = [];
  private server?: SMTPServer;
  private readonly planned: Fault[] = [];
  /** The fault drawn for the transaction in progress on each connection. */
  private readonly current = new Map<string, Fault>();

  constructor(private readonly options: FakeSmtpOptions = {}) {}

  async start(): Promise<{ host: string; port: number }> {
    const required = this.options.auth;
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: !required,
      disableReverseLookup: true,
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => {
        if (required && (auth.username !== required.user || auth.password !== required.pass)) {
          callback(smtpError(535, 'Authentication credentials invalid'));
          return;
        }
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onMailFrom: (_address, session, callback) => {
        const fault = this.planned.shift();
        if (fault) this.current.set(session.id, fault);
        else this.current.delete(session.id);
        callback();
      },
      onRcptTo: (_address, session, callback) => {
        const fault = this.current.get(session.id);
        if (fault?.kind === 'reject' && fault.rejection.stage === 'rcpt') callback(rejectionError(fault.rejection));
        else callback();
      },
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
    });
    this.server = server;
    server.on('error', (error: Error) => this.errors.push(error));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const connection of [...server.connections]) connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `n` messages are refused with `code` (451: try later, 550: permanent). */
  rejectNext(n: number, rejection: SmtpRejection): this {
    for (let i = 0; i < n; i++) this.planned.push({ kind: 'reject', rejection });
    return this;
  }

  /** The next `n` messages are read in full and recorded, then the connection is closed without a reply. */
  dropConnectionNext(n: number): this {
    for (let i = 0; i < n; i++) this.planned.push({ kind: 'drop' });
    return this;
  }

  /** Messages whose envelope includes `to`. */
  countBy(to: string): number {
    return this.messages.filter((message) => message.envelope.to.includes(to)).length;
  }

  reset(): void {
    this.messages.length = 0;
    this.errors.length = 0;
    this.planned.length = 0;
    this.current.clear();
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const fault = this.current.get(session.id);
    this.current.delete(session.id);
    if (fault?.kind === 'reject') {
      callback(rejectionError(fault.rejection));
      return;
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      const parsed = await simpleParser(raw);
      const address = (value: SMTPServerAddress | false): string | null => (value ? value.address : null);
      this.messages.push({
        envelope: { from: address(session.envelope.mailFrom), to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
        messageId: parsed.messageId,
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html === false ? undefined : parsed.html,
        headers: rawHeaders(parsed.headerLines),
        calendar: parsed.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8'),
        raw,
        user: typeof session.user === 'string' ? session.user : undefined,
        dropped: fault?.kind === 'drop',
      });
    } catch (error) {
      callback(smtpError(554, `FakeSmtp could not parse the message: ${(error as Error).message}`));
      return;
    }
    if (fault?.kind === 'drop') {
      // Close without answering the DATA: to the client it is a timeout; to us, delivered.
      [...(this.server?.connections ?? [])].find((connection) => connection.id === session.id)?.close();
      return;
    }
    callback();
  }
}

function rawHeaders(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    if (key in headers) continue;
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '');
    headers[key] = value.trim();
  }
  return headers;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function rejectionError({ code, message }: SmtpRejection): Error {
  return smtpError(code, message ?? (code >= 500 ? 'Requested action not taken: mailbox unavailable' : 'Try again later'));
}
