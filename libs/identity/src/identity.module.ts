import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokens } from './access-tokens';
import { AuthService } from './auth.service';
import { LinkTokens } from './link-tokens';
import { PasswordHasher } from './password-hasher';
import { StaffService } from './staff.service';

@Module({
  // Keys and claims are passed on every sign/verify call (AccessTokens), never defaulted here.
  imports: [JwtModule.register({})],
  providers: [PasswordHasher, AccessTokens, AuthService, StaffService, LinkTokens],
  exports: [PasswordHasher, AccessTokens, AuthService, StaffService, LinkTokens],
})
export class IdentityModule {}
