export { DeliveryModule } from './delivery.module';
export {
  BATCH_WINDOW_MS,
  DeliveryScheduler,
  deliveryBatches,
  deliveryJobShape,
  ENQUEUE_HORIZON_MS,
  MAX_DELIVERIES_PER_JOB,
  type DeliveryJobShape,
  type DeliveryRequest,
  type ScheduledDelivery,
} from './delivery-scheduler';
export { DISPATCH_BATCH_MAX, Dispatcher, MAX_SEND_ATTEMPTS, backoffMs } from './dispatcher';
export { decideSend, type SendDecision, type SendFacts, type SendSettings } from './send-decision';
export { InboundRouter, type InboundHandler, type InboundReply, type InboundHandlerResult } from './inbound-router';
export { TwilioWebhooks } from './twilio-webhooks';
export { UnsubscribeService, type UnsubscribeView } from './unsubscribe';
export { DeliveriesService, toDeliveryView, type DeliveryView, type OutboxMessageView } from './deliveries.service';
export { TemplatesService, type TemplateView, type TemplateInput, type TemplateKey } from './templates.service';
export { SMS_TRANSPORT, EMAIL_TRANSPORT } from './transports';
export { graduateOf, MessageComposer, messageIdOf, type CalendarProvider, type LinkProvider, type RenderedMessage } from './message-composer';
export { type RecipientInfo } from './send-facts';
export { cancelDeliveriesAbout, cancelPendingDeliveries, subjectsReached } from './delivery-cancellation';
export { ChannelFallback, type FallbackHook } from './channel-fallback';
