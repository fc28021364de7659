export { DiagnosticsModule } from './diagnostics.module';
export { QueueProbeService, type QueueProbeView } from './queue-probe.service';
