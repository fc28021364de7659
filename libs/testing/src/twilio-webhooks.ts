import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import twilio from 'twilio';

/**
 * The `X-Twilio-Signature` Twilio would send for a form POST of `params` to `url`. Uses the
 * twilio package's own `getExpectedTwilioSignature`, which is what `twilio.validateRequest` checks.
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export interface SignedPostOptions {
  /** Sign different params from those sent, as if the body had been altered in transit. */
  tamper?: boolean;
  /** Send no `X-Twilio-Signature` header at all. */
  omitSignature?: boolean;
  headers?: Record<string, string>;
}

export interface SignedPostResult {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
  /** The signature header sent, if any. */
  signature?: string;
}

/**
 * POSTs `params` form-encoded to `url` the way Twilio calls a webhook (status callback, inbound
 * message): `X-Twilio-Signature`, Twilio's user agent, an idempotency token. A fresh connection
 * per call (no agent), so nothing stays open after the test.
 */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  { tamper = false, omitSignature = false, headers = {} }: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const body = new URLSearchParams(params).toString();
  const signed = tamper ? { ...params, Tampered: 'true' } : params;
  const signature = omitSignature ? undefined : signTwilioRequest(authToken, url, signed);
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SignedPostResult>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'TwilioProxy/1.1',
          'I-Twilio-Idempotency-Token': randomUUID(),
          ...(signature ? { 'X-Twilio-Signature': signature } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, signature }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
