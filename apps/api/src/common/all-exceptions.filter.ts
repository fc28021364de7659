import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode, type ErrorDetail } from '@continuum/domain';
import type { ErrorResponseDto } from './error-response';
import { ValidationFailedException } from './validation';

const STATUS_BY_DOMAIN_CODE: Record<DomainErrorCode, number> = {
  [DomainErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.Conflict]: HttpStatus.CONFLICT,
  [DomainErrorCode.Invalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.Locked]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.Gone]: HttpStatus.GONE,
};

/**
 * Gives every error one shape. Domain errors map to a status by code; anything unexpected is
 * a 500 with an error id that is logged beside the stack, so a report can be traced.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception);
    body.requestId = request.id === undefined ? undefined : String(request.id);
    if (body.statusCode >= 500) {
      body.errorId = randomUUID();
      const context = { errorId: body.errorId, requestId: body.requestId, err: exception };
      const where = `${request.method} ${request.route?.path ?? '(no route)'}`;
      if (exception instanceof HttpException) {
        // Deliberate 5xx answers (a dependency down): worth a warning, not an alarm.
        this.logger.warn(context, `${body.statusCode} ${body.message} on ${where} (${body.errorId})`);
      } else {
        this.logger.error(context, `Unhandled error ${body.errorId} on ${where}`);
      }
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof ValidationFailedException) {
      return shape(HttpStatus.BAD_REQUEST, exception.message, exception.details);
    }
    if (exception instanceof DomainError) {
      return shape(STATUS_BY_DOMAIN_CODE[exception.code], exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    return shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error', []);
  }
}

function shape(statusCode: number, message: string, details: ErrorDetail[]): ErrorResponseDto {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details };
}

function fromHttpException(exception: HttpException): ErrorResponseDto {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return shape(status, response, []);
  const body = response as { message?: unknown; details?: unknown; error?: unknown; status?: unknown };
  // @nestjs/terminus reports each dependency under `details` as { status: 'up' | 'down', message? }.
  if (body.status === 'error' && body.details && typeof body.details === 'object') {
    const details = Object.entries(body.details as Record<string, { status: string; message?: string }>)
      .filter(([, indicator]) => indicator.status !== 'up')
      .map(([field, indicator]) => ({ field, reason: indicator.message ? `down: ${indicator.message}` : 'down' }));
    return shape(status, 'A dependency is unavailable', details);
  }
  const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
  return shape(status, message, Array.isArray(body.details) ? (body.details as ErrorDetail[]) : []);
}
