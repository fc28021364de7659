export { PeopleModule } from './people.module';
export type { Actor } from './actor';
export { AuditService, type AuditEventView, type AuditQuery } from './audit.service';
export { ProgramsService, type ProgramView } from './programs.service';
export {
  GraduatesService,
  type GraduateInput,
  type GraduateListQuery,
  type GraduateRisk,
  GRADUATE_RISKS,
  type GraduateView,
  type Page,
} from './graduates.service';
export {
  GraduateImportService,
  type GraduateImportError,
  type GraduateImportOptions,
  type GraduateImportReport,
} from './graduate-import.service';
export { ContactsService, type ContactInput, type ContactView } from './contacts.service';
export {
  ConsentService,
  latestConsentSql,
  type ConsentTarget,
  type ConsentQuery,
  type ConsentEntry,
  type ConsentRecordView,
  type ConsentStateView,
  type StaffGrant,
  type StaffRevocation,
} from './consent.service';
export { seedDemoPeople } from './demo-people';
export { sortNameOf } from './graduate-values';
export { GraduateChangeHooks, type AfterCommit, type GraduateChangeHook } from './graduate-change-hooks';
export { findGraduate } from './lookups';
export { ContactImportService, type ContactImportReport } from './contact-import.service';
export { reachableChannel, reachableSql, type ReachableRow } from './reachable';
