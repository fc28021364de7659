import { Module } from '@nestjs/common';
import { IdentityModule } from '@continuum/identity';
import { PeopleModule } from '@continuum/people';
import { ChannelFallback } from './channel-fallback';
import { DeliveriesService } from './deliveries.service';
import { DeliveryScheduler } from './delivery-scheduler';
import { Dispatcher } from './dispatcher';
import { InboundRouter } from './inbound-router';
import { MessageComposer } from './message-composer';
import { SendFactsReader } from './send-facts';
import { TemplatesService } from './templates.service';
import { TRANSPORT_PROVIDERS } from './transports';
import { TwilioWebhooks } from './twilio-webhooks';
import { UnsubscribeService } from './unsubscribe';

/** The delivery engine, shared by the API (scheduling, webhooks, views) and the worker (dispatch). */
@Module({
  imports: [PeopleModule, IdentityModule],
  providers: [
    ...TRANSPORT_PROVIDERS,
    DeliveryScheduler,
    ChannelFallback,
    Dispatcher,
    SendFactsReader,
    MessageComposer,
    InboundRouter,
    TwilioWebhooks,
    UnsubscribeService,
    DeliveriesService,
    TemplatesService,
  ],
  exports: [DeliveryScheduler, ChannelFallback, Dispatcher, InboundRouter, MessageComposer, TwilioWebhooks, UnsubscribeService, DeliveriesService, TemplatesService, ...TRANSPORT_PROVIDERS.map((p) => (p as { provide: symbol }).provide)],
})
export class DeliveryModule {}
