import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json, text, urlencoded } from 'express';
import type { ErrorDetail } from '@continuum/domain';

/** A body the parser could not read: malformed JSON, too large, wrong encoding. */
export class UnreadableBodyException extends HttpException {
  constructor(status: number, message: string, readonly details: ErrorDetail[]) {
    super({ message, details }, status);
  }
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON body',
  'entity.too.large': 'Request body is too large',
  'encoding.unsupported': 'Unsupported body encoding',
  'charset.unsupported': 'Unsupported body charset',
  'request.aborted': 'Request body was not received in full',
};

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number';
}

/**
 * Parser failures keep their kind: Nest would turn them all into a bare 400 with the parser's
 * message. A body too large is 413; anything else unreadable is 400.
 */
const onParseError: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    const status = error.status === HttpStatus.PAYLOAD_TOO_LARGE ? error.status : HttpStatus.BAD_REQUEST;
    next(
      new UnreadableBodyException(status, MESSAGES[error.type] ?? 'Unreadable request body', [
        { field: 'body', reason: error.message },
      ]),
    );
    return;
  }
  next(error);
};

/** JSON parsing owned by us rather than Nest's default (see onParseError). */
export function jsonBodyParser(limit: string): [RequestHandler, ErrorRequestHandler] {
  return [json({ limit }), onParseError];
}

/**
 * `text/csv` bodies (file imports) read as a string, decoded by their charset (UTF-8 when none),
 * with the same error handling as JSON. Other content types leave the body unread, so the route
 * can answer 415.
 */
export function csvBodyParser(limit: string): [RequestHandler, ErrorRequestHandler] {
  return [text({ type: 'text/csv', limit }), onParseError];
}

/**
 * `application/x-www-form-urlencoded` bodies: what Twilio posts to webhooks and mail clients post
 * for one-click unsubscribe. Flat key/value pairs only (`extended: false`).
 */
export function formBodyParser(limit: string): [RequestHandler, ErrorRequestHandler] {
  return [urlencoded({ extended: false, limit }), onParseError];
}
