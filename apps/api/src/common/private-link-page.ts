import { applyDecorators, Header } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The headers of every page opened from a private link (check-in form, invitation, rating,
 * family session): never cached, never indexed, and the token in the address never sent on as a
 * referrer.
 */
export function PrivateLinkPage(): MethodDecorator {
  return applyDecorators(Header('cache-control', 'no-store'), Header('referrer-policy', 'no-referrer'), Header('x-robots-tag', 'noindex'));
}

/** Sends a page a feature rendered, with its status. */
export function sendPage(res: Response, page: { status: number; html: string }): void {
  res.status(page.status).type('html').send(page.html);
}

/** A form body as the page services take it: a plain object, whatever the parser left. */
export function formFields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
