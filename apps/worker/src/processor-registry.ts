import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ALL_QUEUES } from '@continuum/queue';

/** The metadata key @nestjs/bullmq's @Processor() writes (PROCESSOR_METADATA in its constants). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/**
 * Lists which queue each @Processor class consumes and finds the gaps: a queue nobody
 * consumes (its jobs would wait forever) or one consumed by two classes (jobs split at random).
 */
export function processorProblems(queuesByProcessor: string[]): string[] {
  const problems: string[] = [];
  for (const queue of ALL_QUEUES) {
    const count = queuesByProcessor.filter((name) => name === queue).length;
    if (count === 0) problems.push(`queue "${queue}" has no processor`);
    if (count > 1) problems.push(`queue "${queue}" has ${count} processors`);
  }
  for (const name of new Set(queuesByProcessor)) {
    if (!(ALL_QUEUES as readonly string[]).includes(name)) problems.push(`processor for unknown queue "${name}"`);
  }
  return problems;
}

/** Refuses to let the worker start with a queue that has no processor, or two. */
@Injectable()
export class ProcessorRegistryCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const queues = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is NonNullable<typeof metatype> => typeof metatype === 'function')
      .map((metatype) => Reflect.getMetadata(PROCESSOR_METADATA, metatype) as { name?: string } | string | undefined)
      .filter((meta) => meta !== undefined)
      .map((meta) => (typeof meta === 'string' ? meta : String(meta?.name)));
    const problems = processorProblems(queues);
    if (problems.length) {
      throw new Error(`Worker refuses to start: ${problems.join('; ')}`);
    }
  }
}
