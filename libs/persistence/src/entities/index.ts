import { QueueProbeEntity } from './queue-probe.entity';

export { QueueProbeEntity, QueueProbeStatus } from './queue-probe.entity';

/** Every entity, listed explicitly: no globs, so bundles and tests see the same set. */
export const ENTITIES = [QueueProbeEntity];
