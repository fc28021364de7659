export { IdentityModule } from './identity.module';
export { AccessTokens } from './access-tokens';
export { AuthService, normaliseEmail, type SessionTokens, type StaffProfile } from './auth.service';
export { PasswordHasher } from './password-hasher';
export {
  MIN_STAFF_PASSWORD_LENGTH,
  StaffService,
  type NewStaffInput,
  type StaffAuditAction,
  type StaffAuditWriter,
  type StaffChanges,
  type StaffView,
} from './staff.service';
export { seedDemo, DEMO_LOGINS, DEMO_ORGANISATION_SLUG, type DemoPopulator } from './demo-seed';
export type { StaffPrincipal } from './staff-principal';
export { LinkTokens, LinkPurpose, type IssueLink, type IssuedLink, type LinkGrant } from './link-tokens';
