import { Module } from '@nestjs/common';
import { QueueProbeService } from './queue-probe.service';

@Module({
  providers: [QueueProbeService],
  exports: [QueueProbeService],
})
export class DiagnosticsModule {}
