export { CheckInsModule } from './check-ins.module';
export { CheckInPlansService, type PlanInput, type PlanView, type ProtocolView } from './check-in-plans.service';
