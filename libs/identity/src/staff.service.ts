import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  DomainError,
  DomainErrorCode,
  type ErrorDetail,
  ForbiddenError,
  normalisePhone,
  NotFoundError,
  UnauthenticatedError,
} from '@continuum/domain';
import { type AuditDetail, conflictOnUnique, OrganisationEntity, RefreshTokenEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';
import { normaliseEmail } from './auth.service';
import { PasswordHasher } from './password-hasher';
import type { StaffPrincipal } from './staff-principal';

/** Shortest password an admin may set for a staff member. */
export const MIN_STAFF_PASSWORD_LENGTH = 12;

export interface StaffView {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  phone: string | null;
  /** Paged, by SMS and email, for every urgent alert. */
  onCall: boolean;
  /** Set only while a lockout is in force. */
  lockedUntil: string | null;
  createdAt: string;
}

export interface NewStaffInput {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
}

export interface StaffChanges {
  displayName?: string;
  role?: StaffRole;
  disabled?: boolean;
  /** E.164 or a number libphonenumber can read; null removes it. Used to page on-call staff. */
  phone?: string | null;
  /** true makes this person the organisation's on-call coordinator (paged for urgent alerts); false stands them down. */
  onCall?: boolean;
}

export type StaffAuditAction = 'staff.create' | 'staff.update' | 'staff.password-reset';

/**
 * Writes one audit entry for a staff change, inside the change's transaction (the manager), so
 * the change and its entry commit together. The caller supplies it: the audit log belongs to
 * libs/people, which libs/identity does not import (people may come to need identity).
 */
export type StaffAuditWriter = (
  entry: { action: StaffAuditAction; staffId: string; detail: AuditDetail },
  manager: EntityManager,
) => Promise<void>;

/**
 * Admins manage the staff of their own organisation. Every method re-reads the acting admin, so a
 * just-disabled or just-demoted admin cannot keep acting on a still-valid access token, and
 * changes that could leave the organisation without an enabled admin are serialised by locking
 * the organisation's enabled admins first.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async list(actor: StaffPrincipal, options: { includeDisabled: boolean }): Promise<StaffView[]> {
    await this.assertActiveAdmin(this.dataSource.manager, actor);
    const rows = await this.dataSource.getRepository(StaffUserEntity).find({
      where: { organisationId: actor.organisationId, ...(options.includeDisabled ? {} : { disabledAt: IsNull() }) },
      order: { email: 'ASC' },
    });
    const onCall = await this.onCallOf(this.dataSource.manager, actor.organisationId);
    return rows.map((row) => toView(row, onCall));
  }

  async get(actor: StaffPrincipal, id: string): Promise<StaffView> {
    await this.assertActiveAdmin(this.dataSource.manager, actor);
    const onCall = await this.onCallOf(this.dataSource.manager, actor.organisationId);
    return toView(await this.find(this.dataSource.manager, actor.organisationId, id), onCall);
  }

  async create(actor: StaffPrincipal, input: NewStaffInput, audit: StaffAuditWriter): Promise<StaffView> {
    assertPassword(input.password);
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      await this.assertActiveAdmin(manager, actor);
      const saved = await this.insert(manager, {
        organisationId: actor.organisationId,
        email: normaliseEmail(input.email),
        displayName: input.displayName.trim(),
        role: input.role,
        passwordHash,
      });
      await audit({ action: 'staff.create', staffId: saved.id, detail: { role: saved.role } }, manager);
      return toView(saved, await this.onCallOf(manager, actor.organisationId));
    });
  }

  async update(actor: StaffPrincipal, id: string, changes: StaffChanges, audit: StaffAuditWriter): Promise<StaffView> {
    return this.dataSource.transaction(async (manager) => {
      const enabledAdminIds = await this.lockEnabledAdmins(manager, actor.organisationId);
      await this.assertActiveAdmin(manager, actor);
      const current = await this.find(manager, actor.organisationId, id, true);
      const now = new Date();

      const displayName = changes.displayName?.trim() ?? current.displayName;
      const role = changes.role ?? current.role;
      const disabled = changes.disabled ?? current.disabledAt !== null;
      assertKeepsAnAdmin(actor, current, { role, disabled }, enabledAdminIds);

      const changed: string[] = [];
      if (displayName !== current.displayName) {
        current.displayName = displayName;
        changed.push('displayName');
      }
      if (role !== current.role) {
        current.role = role;
        changed.push('role');
      }
      if (disabled !== (current.disabledAt !== null)) {
        changed.push('disabled');
        current.disabledAt = disabled ? now : null;
        if (!disabled) {
          current.failedLogins = 0;
          current.lockedUntil = null;
        }
      }
      if (changes.phone !== undefined) {
        const phone = changes.phone === null || changes.phone.trim() === '' ? null : normalisePhone(changes.phone);
        if (phone && !phone.ok) throw new DomainError(DomainErrorCode.Invalid, 'Staff member not changed', [{ field: 'phone', reason: phone.reason }]);
        const value = phone && phone.ok ? phone.value : null;
        if (value !== current.phone) {
          current.phone = value;
          changed.push('phone');
        }
      }
      if (changed.length) {
        await manager.update(
          StaffUserEntity,
          { id: current.id },
          {
            phone: current.phone,
            displayName: current.displayName,
            role: current.role,
            disabledAt: current.disabledAt,
            failedLogins: current.failedLogins,
            lockedUntil: current.lockedUntil,
          },
        );
      }
      let onCall = await this.onCallOf(manager, actor.organisationId);
      const standDown = changes.onCall === false || (changed.includes('disabled') && disabled);
      if (changes.onCall === true && !disabled && onCall !== current.id) onCall = current.id;
      else if (standDown && onCall === current.id) onCall = null;
      if (onCall !== (await this.onCallOf(manager, actor.organisationId))) {
        await manager.update(OrganisationEntity, { id: actor.organisationId }, { onCallStaffId: onCall });
        changed.push('onCall');
      }
      if (changed.includes('disabled') && disabled) await revokeSessions(manager, current.id, now);
      await audit({ action: 'staff.update', staffId: id, detail: { fields: changed } }, manager);
      return toView(current, onCall, now);
    });
  }

  /** Sets a new password, ends every session of that staff member and lifts any lockout. */
  async resetPassword(actor: StaffPrincipal, id: string, password: string, audit: StaffAuditWriter): Promise<void> {
    assertPassword(password);
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (manager) => {
      await this.assertActiveAdmin(manager, actor);
      const target = await this.find(manager, actor.organisationId, id, true);
      const now = new Date();
      await manager.update(StaffUserEntity, { id: target.id }, { passwordHash, failedLogins: 0, lockedUntil: null });
      await revokeSessions(manager, target.id, now);
      await audit({ action: 'staff.password-reset', staffId: id, detail: {} }, manager);
    });
  }

  private async onCallOf(manager: EntityManager, organisationId: string): Promise<string | null> {
    const organisation = await manager.findOne(OrganisationEntity, { select: { id: true, onCallStaffId: true }, where: { id: organisationId } });
    return organisation?.onCallStaffId ?? null;
  }

  /** The token may be up to 15 minutes old; the row says whether its holder is still an enabled admin. */
  private async assertActiveAdmin(manager: EntityManager, actor: StaffPrincipal): Promise<void> {
    const self = await manager.findOneBy(StaffUserEntity, { id: actor.userId, organisationId: actor.organisationId });
    if (!self || self.disabledAt) throw new UnauthenticatedError('Account no longer active');
    if (self.role !== StaffRole.Admin) throw new ForbiddenError();
  }

  /** Locks (in id order, so concurrent callers cannot deadlock) and returns the enabled admins. */
  private async lockEnabledAdmins(manager: EntityManager, organisationId: string): Promise<string[]> {
    const rows = await manager.find(StaffUserEntity, {
      select: { id: true },
      where: { organisationId, role: StaffRole.Admin, disabledAt: IsNull() },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return rows.map((row) => row.id);
  }

  /** Another organisation's staff member is reported exactly like a missing one. */
  private async find(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<StaffUserEntity> {
    const user = await manager.findOne(StaffUserEntity, {
      where: { organisationId, id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new NotFoundError('Staff member');
    return user;
  }

  private async insert(manager: EntityManager, values: Partial<StaffUserEntity>): Promise<StaffUserEntity> {
    return conflictOnUnique(() => manager.save(StaffUserEntity, manager.create(StaffUserEntity, values)), {
      constraint: 'uq_staff_user_email',
      field: 'email',
      message: 'A staff member with this email exists',
      reason: 'is already used by another staff account',
    });
  }
}

function assertPassword(password: string): void {
  if (password.length < MIN_STAFF_PASSWORD_LENGTH) {
    throw invalid('The password is too short', [
      { field: 'password', reason: `must be at least ${MIN_STAFF_PASSWORD_LENGTH} characters` },
    ]);
  }
}

/**
 * The organisation keeps at least one enabled admin, and an admin never disables or demotes
 * themself (they could not undo it). The last-admin rule is checked first: it is the reason that
 * still holds when nobody else could have done it.
 */
function assertKeepsAnAdmin(
  actor: StaffPrincipal,
  current: StaffUserEntity,
  next: { role: StaffRole; disabled: boolean },
  enabledAdminIds: string[],
): void {
  const wasEnabledAdmin = current.role === StaffRole.Admin && current.disabledAt === null;
  const field = next.role !== StaffRole.Admin ? 'role' : 'disabled';
  if (wasEnabledAdmin && (next.role !== StaffRole.Admin || next.disabled)) {
    if (!enabledAdminIds.some((adminId) => adminId !== current.id)) {
      throw invalid('The organisation must keep at least one enabled admin', [
        { field, reason: 'would leave the organisation without an enabled admin' },
      ]);
    }
  }
  if (current.id !== actor.userId) return;
  if (next.disabled && current.disabledAt === null) {
    throw invalid('You cannot disable your own account', [{ field: 'disabled', reason: 'you cannot disable your own account' }]);
  }
  if (current.role === StaffRole.Admin && next.role !== StaffRole.Admin) {
    throw invalid('You cannot remove your own admin role', [{ field: 'role', reason: 'you cannot remove your own admin role' }]);
  }
}

async function revokeSessions(manager: EntityManager, staffUserId: string, now: Date): Promise<void> {
  await manager.update(RefreshTokenEntity, { staffUserId, revokedAt: IsNull() }, { revokedAt: now });
}

function invalid(message: string, details: ErrorDetail[]): DomainError {
  return new DomainError(DomainErrorCode.Invalid, message, details);
}

function toView(user: StaffUserEntity, onCallId: string | null, now = new Date()): StaffView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabledAt !== null,
    phone: user.phone,
    onCall: onCallId === user.id,
    lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}
