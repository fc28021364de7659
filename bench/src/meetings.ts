import { MeetingInvitations, MeetingSeriesService, MeetingsModule } from '@continuum/meetings';
import type { Actor } from '@continuum/people';
import { StaffRole } from '@continuum/persistence';
import { createStaff } from '@continuum/testing';
import { DeliveryBench, type WorkerShape } from './delivery';
import type { BenchEnvironment } from './environment';

/**
 * The meetings feature on the delivery engine as the worker runs it: `MeetingsModule` next to
 * `DeliveryModule` in one context (it registers the invitation links the messages carry), the
 * real `TwilioSmsTransport` against `FakeTwilio` on loopback. The counting transport cannot be
 * used here: it replaces `SMS_TRANSPORT` through a dynamic `DeliveryModule`, and `MeetingsModule`
 * would get an engine of its own beside it.
 */
export function meetingsBench(env: BenchEnvironment, shape: WorkerShape): Promise<DeliveryBench> {
  return DeliveryBench.twilio(env, 'meetings', shape, [MeetingsModule]);
}

/** 'YYYY-MM-DDTHH:mm' in UTC, `days` days from now, on the hour. */
function utcWallTime(days: number, now = new Date()): string {
  const at = new Date(now.getTime() + days * 86_400_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString().slice(0, 16);
}

/**
 * Seconds for one occurrence's invitation round to `count` alumni, from the start of
 * `MeetingInvitations.inviteNow` (audience query, invitations, deliveries and events in one
 * transaction, then queued) until every invitation's SMS has been taken by the fake provider and
 * its `sent` status written. A new organisation per run: an admin, `count` active graduates (a
 * zone where it is midday now, so quiet hours never apply) with SMS consent for meeting invites,
 * seeded with SQL, and a one-off meeting two days ahead, created with `MeetingSeriesService.create`;
 * none of that is timed. `details.invite_s` is `inviteNow` alone.
 */
export async function inviteAlumniSeconds(bench: DeliveryBench, count: number): Promise<{ value: number; details: Record<string, number> }> {
  const staff = await createStaff(bench.dataSource, { role: StaffRole.Admin });
  const actor: Actor = { userId: staff.userId, organisationId: staff.organisationId, role: staff.role, ip: null, requestId: null };
  await bench.seedRecipients(count, actor.organisationId);
  const series = await bench.get(MeetingSeriesService).create(actor, {
    title: 'Bench meeting',
    startsLocal: utcWallTime(2),
    timezone: 'UTC',
    rrule: null,
    durationMinutes: 60,
    location: 'Room 1',
    audience: { type: 'all' },
  });
  const occurrences: { id: string }[] = await bench.dataSource.query('SELECT id FROM meeting_occurrence WHERE series_id = $1', [series.id]);
  if (occurrences.length !== 1) throw new Error(`invite bench: a one-off meeting has ${occurrences.length} occurrences`);
  const invitations = bench.get(MeetingInvitations);

  let invited = 0;
  let inviteSeconds = 0;
  const result = await bench.drain(actor.organisationId, count, async () => {
    const started = performance.now();
    invited = await invitations.inviteNow(occurrences[0].id);
    inviteSeconds = (performance.now() - started) / 1_000;
    if (invited !== count) throw new Error(`invite bench: expected ${count} invited, got ${invited}`);
  });
  const [{ delivered }] = await bench.dataSource.query(
    `SELECT count(*)::int AS delivered FROM delivery WHERE organisation_id = $1 AND kind = 'meeting.invite' AND status IN ('sent', 'delivered')`,
    [actor.organisationId],
  );
  if (delivered !== count) throw new Error(`invite bench: expected ${count} meeting.invite deliveries sent, found ${delivered}`);
  return { value: result.seconds, details: { invited, delivered, invite_s: inviteSeconds, failed_jobs: result.failedJobs } };
}
