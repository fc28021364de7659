import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { afterFailedLogin, isLocked, LockedError, UnauthenticatedError } from '@continuum/domain';
import { OrganisationEntity, RefreshTokenEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';
import { AccessTokens } from './access-tokens';
import { PasswordHasher } from './password-hasher';
import type { StaffPrincipal } from './staff-principal';

export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface StaffProfile {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  organisation: { id: string; name: string; slug: string };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Staff sign-in: password check with lockout, access tokens, rotating refresh tokens. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get users() {
    return this.dataSource.getRepository(StaffUserEntity);
  }

  private get refreshTokens() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  async login(email: string, password: string, now = new Date()): Promise<{ tokens: SessionTokens; profile: StaffProfile }> {
    const user = await this.users.findOneBy({ email: normaliseEmail(email) });
    if (user && isLocked(user, now)) {
      throw new LockedError();
    }
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || user.disabledAt) {
      throw new UnauthenticatedError();
    }
    if (!valid) {
      const next = afterFailedLogin(user, now);
      await this.users.update({ id: user.id }, next);
      this.logger.warn({ userId: user.id, failedLogins: next.failedLogins }, 'failed sign-in');
      if (isLocked(next, now)) throw new LockedError();
      throw new UnauthenticatedError();
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await this.users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null });
    }
    const tokens = await this.issue(user, randomUUID());
    return { tokens, profile: await this.profileOf(user) };
  }

  /**
   * Trades a refresh token for a new pair. The old token is claimed with one conditional UPDATE,
   * so two concurrent uses cannot both succeed; a token presented after it was used means it
   * leaked, and the whole family is revoked.
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const tokenHash = sha256(refreshToken);
    const claimed: [{ id: string; staff_user_id: string; family_id: string }[], number] = await this.dataSource.query(
      `UPDATE refresh_token SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, staff_user_id, family_id`,
      [tokenHash],
    );
    const row = claimed[0][0];
    if (!row) {
      const known = await this.refreshTokens.findOneBy({ tokenHash });
      if (known?.usedAt && !known.revokedAt) {
        await this.revokeFamily(known.familyId);
        this.logger.warn({ userId: known.staffUserId }, 'refresh token reused; session family revoked');
      }
      throw new UnauthenticatedError('Invalid or expired refresh token');
    }
    const user = await this.users.findOneBy({ id: row.staff_user_id });
    if (!user || user.disabledAt) {
      await this.revokeFamily(row.family_id);
      throw new UnauthenticatedError('Invalid or expired refresh token');
    }
    return this.issue(user, row.family_id);
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored (idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const known = await this.refreshTokens.findOneBy({ tokenHash: sha256(refreshToken) });
    if (known) await this.revokeFamily(known.familyId);
  }

  async profile(principal: StaffPrincipal): Promise<StaffProfile> {
    const user = await this.users.findOneBy({ id: principal.userId, organisationId: principal.organisationId });
    if (!user || user.disabledAt) throw new UnauthenticatedError('Account no longer active');
    return this.profileOf(user);
  }

  private async issue(user: StaffUserEntity, familyId: string): Promise<SessionTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await this.refreshTokens.insert({
      staffUserId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt,
    });
    const accessToken = await this.accessTokens.sign({
      userId: user.id,
      organisationId: user.organisationId,
      role: user.role,
    });
    return { accessToken, expiresIn: this.accessTokens.ttlSeconds, refreshToken, refreshExpiresAt: expiresAt.toISOString() };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.refreshTokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async profileOf(user: StaffUserEntity): Promise<StaffProfile> {
    const organisation = await this.dataSource
      .getRepository(OrganisationEntity)
      .findOneByOrFail({ id: user.organisationId });
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      organisation: { id: organisation.id, name: organisation.name, slug: organisation.slug },
    };
  }
}
