import { AddressInfo, ListenOptions } from 'node:net';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  countSegments,
  FakeTwilioMessage,
  isE164,
  messageJson,
  messagePage,
  mulberry32,
  newSid,
  statusCallbackParams,
  TwilioMessageStatus,
  twilioError,
} from './fake-twilio-resources';
import { postSignedForm, SignedPostResult } from './twilio-webhooks';

export type { FakeTwilioMessage, TwilioMessageStatus } from './fake-twilio-resources';

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Latency added before every answer (also settable later as `fake.delayMs`). */
  delayMs?: number;
}

export interface TwilioFault {
  status: number;
  /** Twilio error code; defaults to 20000 + status (20429, 20500, 20503...). */
  code?: number;
  message?: string;
  /** Sets a Retry-After header (seconds), as Twilio may on 429. */
  retryAfterSeconds?: number;
}

/** `hang`: keep the request open until the client gives up; `reset`: destroy the socket. Either way the message is recorded. */
export type AcceptThenTimeoutMode = 'hang' | 'reset';

export interface RandomFaultRates {
  error500?: number;
  error429?: number;
  acceptThenTimeout?: number;
}

export interface FakeTwilioRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  params: Record<string, string>;
  /** The HTTP status answered, or how the request was left unanswered. */
  outcome: number | AcceptThenTimeoutMode;
  at: Date;
}

type Planned = { kind: 'error'; fault: TwilioFault } | { kind: 'timeout'; mode: AcceptThenTimeoutMode };
type Reply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: AcceptThenTimeoutMode; body?: undefined; headers?: undefined };

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

/**
 * A local stand-in for the Twilio REST API (Messages only) that the real `twilio` client talks to
 * over HTTP. Point a client at it after constructing it — the Messages API lives on the `api`
 * domain, whose `baseUrl` (normally https://api.twilio.com) is read on every request:
 *
 *   const client = twilio(fake.accountSid, fake.authToken, { autoRetry: false, timeout: 2_000 });
 *   client.api.baseUrl = baseUrl; // from `await fake.start()`, e.g. http://localhost:43121
 *
 * The base URL uses `localhost`, not 127.0.0.1: the client runs every hostname through
 * `getHostname`, which splits dotted names into product.edge.region.domain. Once an edge or region
 * is set — including from the TWILIO_EDGE / TWILIO_REGION environment variables — both forms are
 * mangled (`localhost.au1.localhost`, `127.au1.0.1`); passing `{ edge: '', region: '' }` to
 * `twilio()` shields a test client from those variables. The server listens dual-stack so
 * `localhost` reaches it whether it resolves to ::1 or 127.0.0.1.
 *
 * Faults (`failNext`, `acceptThenTimeout`, `setRandomFaults`) apply to message creation
 * (POST Messages.json) only; list and fetch always answer. Only the api domain is redirected:
 * other domains (client.messaging, client.verify...) still point at Twilio. Auth is checked first, so a rejected
 * login does not use up a programmed fault.
 */
export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  delayMs: number;
  /** Every accepted message, in the order accepted. */
  readonly messages: FakeTwilioMessage[] = [];
  /** Every request that reached the server, failed ones included. */
  readonly requests: FakeTwilioRequest[] = [];
  private server?: Server;
  private readonly planned: Planned[] = [];
  private random?: { rates: RandomFaultRates; next: () => number };
  private readonly hanging = new Set<ServerResponse>();

  constructor(options: FakeTwilioOptions = {}) {
    this.accountSid = options.accountSid ?? newSid('AC');
    this.authToken = options.authToken ?? 'fake-twilio-auth-token';
    this.delayMs = options.delayMs ?? 0;
  }

  async start(): Promise<{ baseUrl: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    // Dual-stack, so `localhost` works whichever address it resolves to; 127.0.0.1 alone without IPv6.
    await listen(server, { port: 0, host: '::', ipv6Only: false }).catch(() => listen(server, { port: 0, host: '127.0.0.1' }));
    return { baseUrl: `http://localhost:${(server.address() as AddressInfo).port}` };
  }

  /** The configuration that points Continuum's Twilio transport at this fake (after `start`). */
  env(): Record<string, string> {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('FakeTwilio: start() it first');
    return {
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_FROM_NUMBER: '+15555550100',
      TWILIO_API_BASE_URL: `http://localhost:${address.port}`,
    };
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `n` message creations fail with `fault` (queued behind any faults already programmed). */
  failNext(n: number, fault: TwilioFault): this {
    for (let i = 0; i < n; i++) this.planned.push({ kind: 'error', fault });
    return this;
  }

  /** The next `n` message creations are recorded as accepted but never answered. */
  acceptThenTimeout(n: number, mode: AcceptThenTimeoutMode = 'hang'): this {
    for (let i = 0; i < n; i++) this.planned.push({ kind: 'timeout', mode });
    return this;
  }

  /** Chaos: each creation not covered by a programmed fault draws once from a seeded PRNG. Pass null to turn off. */
  setRandomFaults(rates: RandomFaultRates | null, seed = 1): this {
    this.random = rates ? { rates, next: mulberry32(seed) } : undefined;
    return this;
  }

  countBy(to: string): number {
    return this.messages.filter((message) => message.to === to).length;
  }

  find(sid: string): FakeTwilioMessage | undefined {
    return this.messages.find((message) => message.sid === sid);
  }

  /** Forgets messages, requests and every programmed or random fault. */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.planned.length = 0;
    this.random = undefined;
  }

  /**
   * Moves `message` to `status` and POSTs Twilio's status callback to its StatusCallback URL,
   * signed with the auth token. ErrorCode is sent only when given (as Twilio does for failed
   * and undelivered messages).
   */
  async sendStatusCallback(
    message: FakeTwilioMessage | string,
    status: TwilioMessageStatus,
    { errorCode, errorMessage, url }: { errorCode?: number; errorMessage?: string; url?: string } = {},
  ): Promise<SignedPostResult> {
    const stored = typeof message === 'string' ? this.find(message) : message;
    const target = url ?? stored?.statusCallback;
    if (!stored || !target) {
      throw new Error(`FakeTwilio: no message or StatusCallback URL for ${typeof message === 'string' ? message : message.sid}`);
    }
    const now = new Date();
    stored.status = status;
    stored.dateUpdated = now;
    if (errorCode !== undefined) stored.errorCode = errorCode;
    if (errorMessage !== undefined) stored.errorMessage = errorMessage;
    if (!stored.dateSent && ['sent', 'delivered', 'undelivered', 'failed', 'read'].includes(status)) stored.dateSent = now;
    return postSignedForm(target, statusCallbackParams(stored, errorCode), this.authToken);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const form = new URLSearchParams(raw);
      const entry: FakeTwilioRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        params: firstValues(form),
        outcome: 0,
        at: new Date(),
      };
      this.requests.push(entry);
      if (this.delayMs > 0) await sleep(this.delayMs);
      const reply = this.route(req, url, form);
      entry.outcome = reply.status;
      if (reply.status === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
      } else if (reply.status === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(twilioError(500, 20500, `FakeTwilio: ${(error as Error).message}`)));
    }
  }

  private route(req: IncomingMessage, url: URL, form: URLSearchParams): Reply {
    const list = MESSAGES_PATH.exec(url.pathname);
    const one = MESSAGE_PATH.exec(url.pathname);
    const accountSid = list?.[1] ?? one?.[1];
    if (!this.authorised(req, accountSid)) {
      return {
        status: 401,
        headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' },
        body: twilioError(401, 20003, 'Authentication Error - invalid username'),
      };
    }
    if (list && req.method === 'POST') return this.create(form);
    if (list && req.method === 'GET') return { status: 200, body: messagePage(this.accountSid, this.messages, url.searchParams) };
    const found = one && req.method === 'GET' ? this.find(one[2]) : undefined;
    if (found) return { status: 200, body: messageJson(found) };
    return { status: 404, body: twilioError(404, 20404, `The requested resource ${url.pathname} was not found`) };
  }

  private create(form: URLSearchParams): Reply {
    const plan = this.planned.shift() ?? this.draw();
    if (plan?.kind === 'error') {
      const { status, code = 20000 + status, message = `Fake Twilio error ${status}`, retryAfterSeconds } = plan.fault;
      const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
      return { status, headers, body: twilioError(status, code, message) };
    }
    const to = form.get('To');
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    const invalid = (code: number, message: string): Reply => ({ status: 400, body: twilioError(400, code, message) });
    if (!to) return invalid(21604, "A 'To' phone number is required.");
    if (!isE164(to)) return invalid(21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from && !messagingServiceSid) return invalid(21603, "A 'From' phone number is required.");
    if (!body && mediaUrls.length === 0 && !form.get('ContentSid')) return invalid(21602, 'Message body is required.');
    if (body.length > 1600) return invalid(21617, 'The concatenated message body exceeds the 1600 character limit.');
    const now = new Date();
    const validity = form.get('ValidityPeriod');
    const message: FakeTwilioMessage = {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      mediaUrls,
      statusCallback: form.get('StatusCallback'),
      validityPeriod: validity === null ? null : Number(validity),
      // Twilio answers "accepted" when a Messaging Service picks the sender, "queued" otherwise.
      status: from ? 'queued' : 'accepted',
      errorCode: null,
      errorMessage: null,
      numSegments: countSegments(body),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      params: firstValues(form),
    };
    this.messages.push(message);
    if (plan?.kind === 'timeout') return { status: plan.mode };
    return { status: 201, body: messageJson(message) };
  }

  private draw(): Planned | undefined {
    if (!this.random) return undefined;
    const { rates, next } = this.random;
    const roll = next();
    const error500 = rates.error500 ?? 0;
    const error429 = error500 + (rates.error429 ?? 0);
    const timeout = error429 + (rates.acceptThenTimeout ?? 0);
    if (roll < error500) return { kind: 'error', fault: { status: 500, message: 'An internal server error has occurred' } };
    if (roll < error429) return { kind: 'error', fault: { status: 429, message: 'Too Many Requests' } };
    if (roll < timeout) return { kind: 'timeout', mode: 'hang' };
    return undefined;
  }

  private authorised(req: IncomingMessage, pathAccountSid: string | undefined): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const expected = `${this.accountSid}:${this.authToken}`;
    return decoded === expected && (pathAccountSid === undefined || pathAccountSid === this.accountSid);
  }
}

function listen(server: Server, options: ListenOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
