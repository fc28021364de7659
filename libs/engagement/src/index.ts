export { EngagementModule } from './engagement.module';
export { EngagementRollup, RETENTION_DAYS, type RollupResult } from './engagement-rollup';
export { EngagementService, type EngagementView, type TimelineEntry, type TimelineQuery } from './engagement.service';
export {
  csvLine,
  EngagementReports,
  EVENT_CSV_HEADER,
  type Rate,
  type RatesQuery,
  type RatesRow,
  type ReportGroup,
  type RetentionQuery,
  type RetentionRow,
} from './engagement-reports.service';
export { EngagementOutcomes, type CohortFilter, type FollowUpReport, type FollowUpRow, type InstrumentChange, type OutcomesReport } from './outcomes.service';
export { CoordinatorDigest, DIGEST_LOCAL_HOUR } from './coordinator-digest';
export { followUpWindowSql, INTAKE_SQL } from './follow-up-sql';
