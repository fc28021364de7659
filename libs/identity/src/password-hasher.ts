import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). A hash made once at
 * boot is verified when the email is unknown, so a miss takes as long as a wrong password.
 */
@Injectable()
export class PasswordHasher {
  private readonly decoy = hash('continuum-decoy-password');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
