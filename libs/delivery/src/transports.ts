import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { type EmailTransport, type SmsTransport, SmtpEmailTransport, TwilioSmsTransport } from '@continuum/messaging';
import { DeliveryEntity } from '@continuum/persistence';
import { OutboxEmailTransport, OutboxSmsTransport } from './outbox.transport';

export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');

const organisationOf = (dataSource: DataSource) => async (deliveryId: string) =>
  (await dataSource.getRepository(DeliveryEntity).findOneByOrFail({ id: deliveryId })).organisationId;

/** The configured transports: Twilio and SMTP when their credentials are set, the local outbox otherwise. */
export const TRANSPORT_PROVIDERS: Provider[] = [
  {
    provide: SMS_TRANSPORT,
    inject: [APP_CONFIG, getDataSourceToken()],
    useFactory: (config: AppConfig, dataSource: DataSource): SmsTransport =>
      config.SMS_TRANSPORT === 'twilio'
        ? new TwilioSmsTransport({
            accountSid: config.TWILIO_ACCOUNT_SID as string,
            authToken: config.TWILIO_AUTH_TOKEN as string,
            messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
            fromNumber: config.TWILIO_FROM_NUMBER,
            validitySeconds: config.SMS_VALIDITY_SECONDS,
            timeoutMs: config.TWILIO_TIMEOUT_MS,
            apiBaseUrl: config.TWILIO_API_BASE_URL,
          })
        : new OutboxSmsTransport(dataSource, organisationOf(dataSource)),
  },
  {
    provide: EMAIL_TRANSPORT,
    inject: [APP_CONFIG, getDataSourceToken()],
    useFactory: (config: AppConfig, dataSource: DataSource): EmailTransport =>
      config.EMAIL_TRANSPORT === 'smtp'
        ? new SmtpEmailTransport({ url: config.SMTP_URL as string, from: config.EMAIL_FROM, timeoutMs: config.SMTP_TIMEOUT_MS })
        : new OutboxEmailTransport(dataSource, organisationOf(dataSource)),
  },
];
