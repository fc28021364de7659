import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { CheckInsModule } from '@continuum/check-ins';
import { APP_CONFIG, type AppConfig, ConfigModule } from '@continuum/config';
import { DeliveryModule } from '@continuum/delivery';
import { DiagnosticsModule } from '@continuum/diagnostics';
import { EngagementModule } from '@continuum/engagement';
import { FamilySessionsModule } from '@continuum/family-sessions';
import { MeetingsModule } from '@continuum/meetings';
import { pinoOptions, withLogFile } from '@continuum/logging';
import { dataSourceOptions } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { EmailDeliveryProcessor, SmsDeliveryProcessor } from './delivery.processors';
import { DiagnosticsProcessor } from './diagnostics.processor';
import { ProcessorRegistryCheck } from './processor-registry';
import { SweepsService } from './sweeps.service';
import { ReconcilerService } from './reconciler.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: { schedules?: boolean } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: withLogFile(pinoOptions('worker', config.LOG_LEVEL), config.LOG_FILE) }),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (cfg: AppConfig) => dataSourceOptions(cfg, 'continuum-worker'),
        }),
        QueueModule.forRoot('worker'),
        DiscoveryModule,
        // Tests drive ticks by hand; production lets @nestjs/schedule run them.
        ...(options.schedules === false ? [] : [ScheduleModule.forRoot()]),
        DiagnosticsModule,
        DeliveryModule,
        // The link and reply hooks the engine calls while sending, and the check-in sweep.
        CheckInsModule,
        MeetingsModule,
        FamilySessionsModule,
        EngagementModule,
      ],
      providers: [DiagnosticsProcessor, SmsDeliveryProcessor, EmailDeliveryProcessor, ReconcilerService, SweepsService, ProcessorRegistryCheck],
    };
  }
}
