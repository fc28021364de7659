import { type Channel, ConsentPurpose, MessageKind, parseIsoDuration } from '@continuum/domain';
import type { DeliveryRequest } from '@continuum/delivery';
import type { MeetingOccurrenceEntity, MeetingSeriesEntity } from '@continuum/persistence';

/** The facts every message about an occurrence carries; the recipient's own time and place words are made at send time. */
export interface OccurrenceFacts {
  occurrence: Pick<MeetingOccurrenceEntity, 'id' | 'organisationId' | 'startsAt' | 'endsAt' | 'location' | 'videoUrl' | 'sequence'>;
  series: Pick<MeetingSeriesEntity, 'title' | 'location' | 'videoUrl' | 'reminderOffsets'>;
}

/** One graduate's invitation, as much of it as messages need. */
export interface InvitationRef {
  id: string;
  organisationId: string;
  graduateId: string;
  channel: Channel | null;
  version: number;
}

/** Where the meeting is: the occurrence's own place, else the series', as an address or a video link. */
export function placeOf({ occurrence, series }: OccurrenceFacts): string {
  return occurrence.location ?? occurrence.videoUrl ?? series.location ?? series.videoUrl ?? '';
}

/** Kinds that are about one invitation; cancelling an occurrence cancels all of them still waiting. */
export const MEETING_KINDS: readonly MessageKind[] = [
  MessageKind.MeetingInvite,
  MessageKind.MeetingReminder,
  MessageKind.MeetingMoved,
  MessageKind.MeetingCancelled,
  MessageKind.MeetingPlaceOpen,
  MessageKind.MeetingFeedback,
];

/**
 * A message about an invitation. `startsAtIso` becomes `{{startsAt}}` in the recipient's zone and
 * language when it is sent; the idempotency key names the invitation, the kind and whatever makes
 * this one message (the invitation's version, the occurrence's sequence).
 */
export function invitationMessage(
  invitation: InvitationRef,
  facts: OccurrenceFacts,
  kind: MessageKind,
  keyPart: string,
  dueAt: Date,
  notAfter: Date | null,
): DeliveryRequest {
  const variables = {
    invitationId: invitation.id,
    startsAtIso: facts.occurrence.startsAt.toISOString(),
    location: placeOf(facts),
    meetingTitle: facts.series.title,
  };
  return messageAbout(invitation, kind, keyPart, variables, dueAt, notAfter);
}

/** A message about an invitation that needs no time or place (a rating request). */
export function messageAbout(
  invitation: InvitationRef,
  kind: MessageKind,
  keyPart: string,
  variables: Record<string, string>,
  dueAt: Date,
  notAfter: Date | null,
): DeliveryRequest {
  return {
    organisationId: invitation.organisationId,
    graduateId: invitation.graduateId,
    channel: invitation.channel ?? 'sms',
    purpose: ConsentPurpose.MeetingInvites,
    kind,
    idempotencyKey: `${kind}:${invitation.id}:${keyPart}`,
    subjectId: invitation.id,
    variables: { invitationId: invitation.id, ...variables },
    dueAt,
    notAfter,
  };
}

/**
 * The reminders of invitations that should have them, for the invitations' current version. A
 * reminder whose time has passed is not written (an answer 30 minutes before the start gets no
 * 1-hour reminder); none may go after the meeting has started.
 */
export function reminderMessages(invitations: InvitationRef[], facts: OccurrenceFacts, now: Date): DeliveryRequest[] {
  const requests: DeliveryRequest[] = [];
  for (const offset of facts.series.reminderOffsets) {
    const parsed = parseIsoDuration(offset);
    if (!parsed.ok) continue;
    const dueAt = new Date(facts.occurrence.startsAt.getTime() - parsed.value.maxMs);
    if (dueAt.getTime() <= now.getTime()) continue;
    for (const invitation of invitations) {
      if (!invitation.channel) continue;
      requests.push(invitationMessage(invitation, facts, MessageKind.MeetingReminder, `${invitation.version}:${offset}`, dueAt, facts.occurrence.startsAt));
    }
  }
  return requests;
}
