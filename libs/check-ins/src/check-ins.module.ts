import { Module } from '@nestjs/common';
import { DeliveryModule } from '@continuum/delivery';
import { IdentityModule } from '@continuum/identity';
import { PeopleModule } from '@continuum/people';
import { AlertsService } from './alerts.service';
import { AnswersService } from './answers.service';
import { CheckInPlanner } from './check-in-planner';
import { CheckInPlansService } from './check-in-plans.service';
import { CheckInSweeper } from './check-in-sweeper';
import { CheckInsService } from './check-ins.service';
import { EnrolmentsService } from './enrolments.service';
import { PromptFallback } from './prompt-fallback';

/**
 * Check-ins, in the API (plans, enrolment, the answer form, alerts) and in the worker (the
 * sweep, and the link and reply hooks the delivery engine calls while sending and receiving).
 */
@Module({
  imports: [PeopleModule, IdentityModule, DeliveryModule],
  providers: [CheckInPlansService, CheckInPlanner, EnrolmentsService, AlertsService, AnswersService, CheckInSweeper, CheckInsService, PromptFallback],
  exports: [CheckInPlansService, EnrolmentsService, AlertsService, AnswersService, CheckInSweeper, CheckInsService],
})
export class CheckInsModule {}
