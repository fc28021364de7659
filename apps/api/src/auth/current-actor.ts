import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '@continuum/people';
import type { AuthenticatedRequest } from './access.decorators';

/** The signed-in staff member, with the request's address and id for the audit log. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest & { id?: unknown }>();
  if (!request.principal) throw new Error('CurrentActor used on a public route');
  return {
    ...request.principal,
    ip: request.ip ?? null,
    requestId: request.id === undefined ? null : String(request.id),
  };
});
