import { AlertEntity } from './alert.entity';
import { AlertNoteEntity } from './alert-note.entity';
import { AuditEventEntity } from './audit-event.entity';
import { BroadcastEntity } from './broadcast.entity';
import { CheckInEntity } from './check-in.entity';
import { CheckInAnswerEntity } from './check-in-answer.entity';
import { CheckInEnrolmentEntity } from './check-in-enrolment.entity';
import { CheckInPlanEntity } from './check-in-plan.entity';
import { ConsentRecordEntity } from './consent-record.entity';
import { ContactEntity } from './contact.entity';
import { ContactLogEntity } from './contact-log.entity';
import { ConversationMessageEntity } from './conversation-message.entity';
import { DeliveryEntity } from './delivery.entity';
import { EngagementEventEntity } from './engagement-event.entity';
import { EngagementFlagEntity } from './engagement-flag.entity';
import { EngagementRollupEntity, EngagementRollupRunEntity, GraduateRetentionEntity } from './engagement-rollup.entity';
import { EngagementScoreEntity } from './engagement-score.entity';
import { FamilySessionEntity } from './family-session.entity';
import { FamilySessionParticipantEntity } from './family-session-participant.entity';
import { GraduateEntity } from './graduate.entity';
import { InboundMessageEntity } from './inbound-message.entity';
import { LinkTokenEntity } from './link-token.entity';
import { MeetingInvitationEntity } from './meeting-invitation.entity';
import { MeetingOccurrenceEntity } from './meeting-occurrence.entity';
import { MeetingSeriesEntity } from './meeting-series.entity';
import { MessageTemplateEntity } from './message-template.entity';
import { OrganisationEntity } from './organisation.entity';
import { OrgSendCountEntity } from './org-send-count.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { ProgramEntity } from './program.entity';
import { ProviderEventEntity } from './provider-event.entity';
import { QueueProbeEntity } from './queue-probe.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { StaffUserEntity } from './staff-user.entity';

export { AlertEntity, AlertKind, AlertStatus } from './alert.entity';
export { AlertNoteEntity } from './alert-note.entity';
export { AuditEventEntity, type AuditDetail } from './audit-event.entity';
export { BroadcastEntity, type BroadcastSegment, BroadcastStatus } from './broadcast.entity';
export { CheckInEntity, CheckInStatus } from './check-in.entity';
export { CheckInAnswerEntity } from './check-in-answer.entity';
export { CheckInEnrolmentEntity, EnrolmentStatus } from './check-in-enrolment.entity';
export { CheckInPlanEntity } from './check-in-plan.entity';
export { ConsentRecordEntity } from './consent-record.entity';
export { ContactEntity } from './contact.entity';
export { ContactLogEntity } from './contact-log.entity';
export { ConversationMessageEntity } from './conversation-message.entity';
export { DeliveryEntity, DeliveryPriority, DeliveryStatus } from './delivery.entity';
export { EngagementEventEntity, type EngagementPayload } from './engagement-event.entity';
export { EngagementFlagEntity } from './engagement-flag.entity';
export { EngagementRollupEntity, EngagementRollupRunEntity, GraduateRetentionEntity } from './engagement-rollup.entity';
export { EngagementScoreEntity } from './engagement-score.entity';
export { FamilySessionEntity, FamilySessionStatus } from './family-session.entity';
export { FamilySessionParticipantEntity } from './family-session-participant.entity';
export { GraduateEntity } from './graduate.entity';
export { InboundMessageEntity } from './inbound-message.entity';
export { LinkTokenEntity } from './link-token.entity';
export { Attendance, MeetingInvitationEntity, Rsvp } from './meeting-invitation.entity';
export { MeetingOccurrenceEntity, OccurrenceStatus } from './meeting-occurrence.entity';
export { type MeetingAudience, MeetingSeriesEntity, MeetingSeriesStatus } from './meeting-series.entity';
export { MessageTemplateEntity } from './message-template.entity';
export { OrganisationEntity } from './organisation.entity';
export { ORG_SEND_COUNT_SHARDS, OrgSendCountEntity } from './org-send-count.entity';
export { OutboxMessageEntity } from './outbox-message.entity';
export { ProgramEntity } from './program.entity';
export { ProviderEventEntity } from './provider-event.entity';
export { QueueProbeEntity, QueueProbeStatus } from './queue-probe.entity';
export { RefreshTokenEntity } from './refresh-token.entity';
export { StaffRole, StaffUserEntity } from './staff-user.entity';

/** Every entity, listed explicitly: no globs, so bundles and tests see the same set. */
export const ENTITIES = [
  OrganisationEntity,
  StaffUserEntity,
  RefreshTokenEntity,
  ProgramEntity,
  GraduateEntity,
  ContactEntity,
  ContactLogEntity,
  BroadcastEntity,
  ConversationMessageEntity,
  ConsentRecordEntity,
  LinkTokenEntity,
  DeliveryEntity,
  OutboxMessageEntity,
  ProviderEventEntity,
  InboundMessageEntity,
  MessageTemplateEntity,
  CheckInPlanEntity,
  CheckInEnrolmentEntity,
  CheckInEntity,
  CheckInAnswerEntity,
  AlertEntity,
  AlertNoteEntity,
  MeetingSeriesEntity,
  MeetingOccurrenceEntity,
  MeetingInvitationEntity,
  FamilySessionEntity,
  FamilySessionParticipantEntity,
  OrgSendCountEntity,
  EngagementEventEntity,
  EngagementScoreEntity,
  EngagementFlagEntity,
  EngagementRollupEntity,
  EngagementRollupRunEntity,
  GraduateRetentionEntity,
  AuditEventEntity,
  QueueProbeEntity,
];
