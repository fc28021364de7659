import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { json } from 'express';
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
 * JSON parsing owned by us rather than Nest's default, so parser failures keep their kind:
 * Nest would turn them all into a bare 400 with the parser's message.
 */
export function jsonBodyParser(limit: string): [RequestHandler, ErrorRequestHandler] {
  const onError: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
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
  return [json({ limit }), onError];
}
