import type { EntityManager } from 'typeorm';
import { ConsentRecordEntity, ContactEntity, GraduateEntity, ProgramEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';
import { sortNameOf } from './graduate-values';

const DAY = 86_400_000;
const dateAgo = (days: number, now: Date) => new Date(now.getTime() - days * DAY).toISOString().slice(0, 10);

/**
 * A handful of fictional graduates for the demo organisation, discharged between a week and a
 * year ago, with family contacts and the consents that let Continuum reach them. Phone numbers
 * are in the 555-01xx range, reserved for fiction; emails are at example.org.
 */
export async function seedDemoPeople(manager: EntityManager, organisationId: string, recordedBy: string, now = new Date()): Promise<void> {
  const [evening, day] = await manager.save(ProgramEntity, [
    manager.create(ProgramEntity, { organisationId, name: 'Evening IOP' }),
    manager.create(ProgramEntity, { organisationId, name: 'Day IOP' }),
  ]);
  const people = [
    { firstName: 'Jordan', lastName: 'Rivera', program: evening, discharged: 7, phone: '+13125550101', channels: ['sms'], language: 'en' },
    { firstName: 'Maya', lastName: 'Thompson', program: evening, discharged: 21, phone: '+13125550102', email: 'maya.t@example.org', channels: ['sms', 'email'], language: 'en' },
    { firstName: 'Luis', lastName: 'Hernández', program: day, discharged: 45, phone: '+13125550103', channels: ['sms'], language: 'es' },
    { firstName: 'Priya', lastName: 'Shah', program: day, discharged: 90, email: 'priya.s@example.org', channels: ['email'], language: 'en' },
    { firstName: 'Devon', lastName: 'Brooks', program: evening, discharged: 180, phone: '+13125550104', channels: ['sms'], language: 'en' },
    { firstName: 'Ana', lastName: 'Morales', program: day, discharged: 330, phone: '+13125550105', channels: ['sms'], language: 'es', status: 'paused' },
  ] as const;
  // The demo coordinator's caseload is every demo graduate, so their list and worklist are not empty.
  const coordinator = await manager.findOneBy(StaffUserEntity, { organisationId, role: StaffRole.Coordinator });
  const graduates = await manager.save(
    GraduateEntity,
    people.map((p, i) =>
      manager.create(GraduateEntity, {
        organisationId,
        coordinatorId: coordinator?.id ?? null,
        programId: p.program.id,
        externalId: `DEMO-${String(i + 1).padStart(3, '0')}`,
        firstName: p.firstName,
        lastName: p.lastName,
        sortName: sortNameOf(p.firstName, p.lastName),
        admissionDate: dateAgo(p.discharged + 70, now),
        dischargeDate: dateAgo(p.discharged, now),
        timezone: 'America/Chicago',
        phone: 'phone' in p ? p.phone : null,
        email: 'email' in p ? p.email : null,
        preferredChannels: [...p.channels],
        contactHoursStart: '09:00',
        contactHoursEnd: '20:00',
        language: p.language,
        status: 'status' in p ? p.status : 'active',
      }),
    ),
  );
  const checkInText = {
    en: 'We will text you a short check-in now and then. Reply STOP at any time to end them.',
    es: 'Le enviaremos un breve mensaje de seguimiento de vez en cuando. Responda STOP para dejar de recibirlos.',
  };
  const consents: Partial<ConsentRecordEntity>[] = graduates.flatMap((g) =>
    g.preferredChannels.map((channel) => ({
      organisationId,
      graduateId: g.id,
      contactId: null,
      channel,
      purpose: 'check_ins' as const,
      decision: 'granted' as const,
      method: 'form' as const,
      shownText: checkInText[g.language],
      recordedBy,
    })),
  );
  const meetingText = {
    en: 'We will invite you to alumni meetings by text or email. Reply STOP at any time to end them.',
    es: 'Le invitaremos a encuentros de exalumnos por mensaje o correo. Responda STOP para dejar de recibirlos.',
  };
  consents.push(
    ...graduates.flatMap((g) =>
      g.preferredChannels.map((channel) => ({
        organisationId,
        graduateId: g.id,
        contactId: null,
        channel,
        purpose: 'meeting_invites' as const,
        decision: 'granted' as const,
        method: 'form' as const,
        shownText: meetingText[g.language],
        recordedBy,
      })),
    ),
  );
  const [jordan, maya] = graduates;
  const contacts = await manager.save(ContactEntity, [
    manager.create(ContactEntity, { organisationId, graduateId: jordan.id, name: 'Rosa Rivera', relationship: 'parent', phone: '+13125550111', timezone: 'America/Chicago', language: 'en' }),
    manager.create(ContactEntity, { organisationId, graduateId: maya.id, name: 'Chris Thompson', relationship: 'partner', email: 'chris.t@example.org', timezone: 'America/Chicago', language: 'en' }),
  ]);
  consents.push({
    organisationId,
    graduateId: jordan.id,
    contactId: contacts[0].id,
    channel: 'sms',
    purpose: 'family_session_notices',
    decision: 'granted',
    method: 'form',
    description: 'The dates and times of family sessions, and reminders of them. Nothing about treatment or progress.',
    shownText: 'I agree that Rosa Rivera may receive text reminders of family-session dates and times until the date shown.',
    expiresAt: new Date(now.getTime() + 180 * DAY),
    recordedBy,
  });
  await manager.insert(ConsentRecordEntity, consents);
}
