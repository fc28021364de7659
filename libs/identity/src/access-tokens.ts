import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { UnauthenticatedError } from '@continuum/domain';
import { StaffRole } from '@continuum/persistence';
import type { StaffPrincipal } from './staff-principal';

interface AccessClaims {
  sub: string;
  org: string;
  role: StaffRole;
}

const ALGORITHM = 'HS256';
const ROLES: readonly string[] = Object.values(StaffRole);

/** Short-lived staff access tokens: algorithm pinned, issuer, audience and expiry checked. */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(principal: StaffPrincipal): Promise<string> {
    const claims: AccessClaims = { sub: principal.userId, org: principal.organisationId, role: principal.role };
    return this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      secret: this.config.JWT_SECRET,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
  }

  async verify(token: string): Promise<StaffPrincipal> {
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: [ALGORITHM],
        secret: this.config.JWT_SECRET,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
      });
    } catch {
      throw new UnauthenticatedError('Invalid or expired access token');
    }
    if (typeof claims.sub !== 'string' || typeof claims.org !== 'string' || !ROLES.includes(String(claims.role))) {
      throw new UnauthenticatedError('Invalid or expired access token');
    }
    return { userId: claims.sub, organisationId: claims.org, role: claims.role as StaffRole };
  }
}
