import { Module } from '@nestjs/common';
import { CheckInsModule } from '@continuum/check-ins';
import { PeopleModule } from '@continuum/people';
import { EngagementReports } from './engagement-reports.service';
import { EngagementRollup } from './engagement-rollup';
import { EngagementService } from './engagement.service';
import { EngagementOutcomes } from './outcomes.service';

/** Engagement over time: the nightly rollup (worker), a graduate's timeline and score, and the reports (API). */
@Module({
  imports: [PeopleModule, CheckInsModule],
  providers: [EngagementRollup, EngagementService, EngagementReports, EngagementOutcomes],
  exports: [EngagementRollup, EngagementService, EngagementReports, EngagementOutcomes],
})
export class EngagementModule {}
