import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffPrincipal } from '@continuum/identity';
import type { StaffRole } from '@continuum/persistence';

export const IS_PUBLIC = 'continuum:public';
export const ROLES = 'continuum:roles';

/** No sign-in needed (health, login, refresh; later the graduates' signed-link pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these staff roles may call the route (every signed-in role when absent). */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);

export interface AuthenticatedRequest {
  principal?: StaffPrincipal;
}

/** The verified caller; the guard has already refused requests without one. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): StaffPrincipal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('Principal used on a public route');
  return principal;
});
