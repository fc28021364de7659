export { IdentityModule } from './identity.module';
export { AccessTokens } from './access-tokens';
export { AuthService, normaliseEmail, type SessionTokens, type StaffProfile } from './auth.service';
export { PasswordHasher } from './password-hasher';
export { seedDemo, DEMO_LOGINS, DEMO_ORGANISATION_SLUG } from './demo-seed';
export type { StaffPrincipal } from './staff-principal';
