import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@continuum/config';
import { runMigrations } from '@continuum/persistence';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { csvBodyParser, formBodyParser, jsonBodyParser } from './common/body-parsing';
import { mountDashboard } from './common/dashboard';

/**
 * Builds the API application (used by main.ts and by the e2e tests, so both run the same
 * pipes, filters and documents). Migrations run before the app listens, when configured.
 */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(...jsonBodyParser('1mb'));
  // CSV only where a route reads it, with room for a 10,000-row file.
  app.use(['/graduates/import', '/contacts/import'], ...csvBodyParser('5mb'));
  // Forms only where a provider, a mail client or a private-link page (check-in, invitation, rating, family session) posts them.
  app.use(['/webhooks', '/unsubscribe', '/c', '/r', '/f', '/s', '/sf'], ...formBodyParser('64kb'));
  mountDashboard(app, config.WEB_DIST_DIR);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Continuum API')
      .setDescription('Aftercare and alumni engagement: check-ins, meetings, family sessions, engagement.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  if (config.DATABASE_MIGRATIONS_RUN) {
    await runMigrations(app.get<DataSource>(getDataSourceToken()));
  }
  return app;
}
