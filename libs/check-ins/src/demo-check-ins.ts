import type { EntityManager } from 'typeorm';
import { findProtocol, ProtocolKey } from '@continuum/domain';
import { CheckInPlanEntity, OrganisationEntity, StaffRole, StaffUserEntity } from '@continuum/persistence';

/** The plans a newcomer's demo needs. */
export const DEMO_PLANS = { minutes: 'Demo: three check-ins in five minutes', taper: 'Aftercare check-ins (post-IOP taper)' } as const;

/**
 * The demo organisation's check-in plans (the minutes-apart demo and the default taper), and its
 * coordinator on call, so an escalation in the demo pages someone (into the local outbox).
 */
export async function seedDemoCheckIns(manager: EntityManager, organisationId: string): Promise<void> {
  const plans: [string, string][] = [
    [DEMO_PLANS.minutes, `${ProtocolKey.DemoMinutes}@1`],
    [DEMO_PLANS.taper, `${ProtocolKey.PostIopTaper}@1`],
  ];
  for (const [name, ref] of plans) {
    const protocol = findProtocol(ref);
    if (!protocol) throw new Error(`protocol ${ref} is missing`);
    await manager.save(manager.create(CheckInPlanEntity, { organisationId, name, protocol: ref, programId: null, definition: { ...protocol.plan, offsets: [...protocol.plan.offsets] } }));
  }
  const coordinator = await manager.findOneBy(StaffUserEntity, { organisationId, role: StaffRole.Coordinator });
  if (coordinator) {
    // A fictional number (555-01xx): the page lands in the local outbox like every demo message.
    await manager.update(StaffUserEntity, { id: coordinator.id }, { phone: '+13125550199' });
    await manager.update(OrganisationEntity, { id: organisationId }, { onCallStaffId: coordinator.id });
  }
}
