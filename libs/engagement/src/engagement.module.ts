import { Module } from '@nestjs/common';
import { CheckInsModule } from '@continuum/check-ins';
import { DeliveryModule } from '@continuum/delivery';
import { PeopleModule } from '@continuum/people';
import { CoordinatorDigest } from './coordinator-digest';
import { EngagementReports } from './engagement-reports.service';
import { EngagementRollup } from './engagement-rollup';
import { EngagementService } from './engagement.service';
import { EngagementOutcomes } from './outcomes.service';

/** Engagement over time: the nightly rollup and the coordinators' digest (worker), a graduate's timeline and score, and the reports (API). */
@Module({
  imports: [PeopleModule, CheckInsModule, DeliveryModule],
  providers: [EngagementRollup, EngagementService, EngagementReports, EngagementOutcomes, CoordinatorDigest],
  exports: [EngagementRollup, EngagementService, EngagementReports, EngagementOutcomes, CoordinatorDigest],
})
export class EngagementModule {}
