import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, type AppConfig, ConfigModule } from '@continuum/config';
import { CheckInsModule } from '@continuum/check-ins';
import { DeliveryModule } from '@continuum/delivery';
import { DiagnosticsModule } from '@continuum/diagnostics';
import { IdentityModule } from '@continuum/identity';
import { EngagementModule } from '@continuum/engagement';
import { FamilySessionsModule } from '@continuum/family-sessions';
import { MeetingsModule } from '@continuum/meetings';
import { OutreachModule } from '@continuum/outreach';
import { PeopleModule } from '@continuum/people';
import { pinoOptions, withLogFile } from '@continuum/logging';
import type { Options as PinoHttpOptions } from 'pino-http';
import { dataSourceOptions } from '@continuum/persistence';
import { QueueModule } from '@continuum/queue';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { AnswerFormController } from './check-ins/answer-form.controller';
import { CheckInPlansController } from './check-ins/check-in-plans.controller';
import { CheckInsController } from './check-ins/check-ins.controller';
import { ThrottlingModule } from './auth/throttling';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DeliveriesController } from './delivery/deliveries.controller';
import { TemplatesController } from './delivery/templates.controller';
import { TwilioWebhooksController } from './delivery/twilio-webhooks.controller';
import { UnsubscribeController } from './delivery/unsubscribe.controller';
import { QueueProbesController } from './diagnostics/queue-probes.controller';
import { EngagementController } from './engagement/engagement.controller';
import { FamilySessionPagesController, FamilySessionsController } from './family-sessions/family-sessions.controller';
import { HealthModule } from './health/health.module';
import { OutreachController } from './outreach/outreach.controller';
import { MeetingPagesController } from './meetings/meeting-pages.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { AuditEventsController } from './people/audit-events.controller';
import { ConsentsController } from './people/consents.controller';
import { ContactsController } from './people/contacts.controller';
import { ContactImportController, GraduateImportController } from './people/graduate-import.controller';
import { GraduatesController } from './people/graduates.controller';
import { ProgramsController } from './people/programs.controller';
import { StaffController } from './staff/staff.controller';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's x-request-id when it is sane, otherwise makes one; echoes it back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

function apiLoggerOptions(config: AppConfig): PinoHttpOptions {
  return {
    ...pinoOptions('api', config.LOG_LEVEL),
    genReqId: requestId,
    // Log the route shape, never the query string (it may carry tokens).
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/health' },
  };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: withLogFile(apiLoggerOptions(config), config.LOG_FILE) }),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (cfg: AppConfig) => dataSourceOptions(cfg, 'continuum-api'),
        }),
        QueueModule.forRoot('producer'),
        ThrottlingModule,
        IdentityModule,
        PeopleModule,
        DeliveryModule,
        CheckInsModule,
        MeetingsModule,
        FamilySessionsModule,
        EngagementModule,
        OutreachModule,
        HealthModule,
        DiagnosticsModule,
      ],
      controllers: [
        AuthController,
        StaffController,
        ProgramsController,
        GraduatesController,
        GraduateImportController,
        ContactImportController,
        ContactsController,
        ConsentsController,
        AuditEventsController,
        DeliveriesController,
        TemplatesController,
        CheckInPlansController,
        CheckInsController,
        AnswerFormController,
        MeetingsController,
        MeetingPagesController,
        FamilySessionsController,
        FamilySessionPagesController,
        EngagementController,
        OutreachController,
        TwilioWebhooksController,
        UnsubscribeController,
        QueueProbesController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // Order matters: count the request first, then check who is calling.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
