import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '@continuum/domain';
import { AccessTokens } from '@continuum/identity';
import type { StaffRole } from '@continuum/persistence';
import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './access.decorators';

/**
 * Every route needs a valid staff access token unless marked @Public(); @Roles() narrows it
 * further. Installed globally, so a new controller is closed by default.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthenticatedError('Sign in first: missing bearer token');
    }
    request.principal = await this.tokens.verify(token);

    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ForbiddenError();
    }
    return true;
  }
}
