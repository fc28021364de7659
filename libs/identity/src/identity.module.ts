import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokens } from './access-tokens';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';

@Module({
  // Keys and claims are passed on every sign/verify call (AccessTokens), never defaulted here.
  imports: [JwtModule.register({})],
  providers: [PasswordHasher, AccessTokens, AuthService],
  exports: [PasswordHasher, AccessTokens, AuthService],
})
export class IdentityModule {}
