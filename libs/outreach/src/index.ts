export { OutreachModule } from './outreach.module';
export { CaseloadService, MAX_REASSIGN } from './caseload.service';
export { ContactLogService, type ContactLogInput, type ContactLogView } from './contact-log.service';
export { WorklistService, type WorklistItem, type WorklistReasonView } from './worklist.service';
export { ConversationService, type ConversationMessageView, type ReplyInput } from './conversation.service';
export { BroadcastsService, type BroadcastAudience, type BroadcastInput, type BroadcastReport, type BroadcastView } from './broadcasts.service';
