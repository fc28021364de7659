import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GraduateEntity } from '@continuum/persistence';

/** Runs once the change has committed (to queue jobs for rows the hook wrote). */
export type AfterCommit = () => Promise<void>;

/**
 * Called inside the transaction that changed a graduate, with the saved row and the names of the
 * fields that changed; throwing rolls the change back.
 */
export type GraduateChangeHook = (manager: EntityManager, graduate: GraduateEntity, changed: readonly string[]) => Promise<AfterCommit | void>;

/**
 * Lets features that hang work on a graduate's details (check-ins are planned from the discharge
 * date and timezone) follow changes to them, without the people library knowing those features.
 * Hooks are registered at boot and run in registration order.
 */
@Injectable()
export class GraduateChangeHooks {
  private readonly hooks: { name: string; hook: GraduateChangeHook }[] = [];

  register(name: string, hook: GraduateChangeHook): void {
    if (this.hooks.some((h) => h.name === name)) throw new Error(`graduate change hook "${name}" registered twice`);
    this.hooks.push({ name, hook });
  }

  async run(manager: EntityManager, graduate: GraduateEntity, changed: readonly string[]): Promise<AfterCommit[]> {
    const after: AfterCommit[] = [];
    if (changed.length === 0) return after;
    for (const { hook } of this.hooks) {
      const then = await hook(manager, graduate, changed);
      if (then) after.push(then);
    }
    return after;
  }
}
