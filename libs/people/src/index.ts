export { PeopleModule } from './people.module';
export type { Actor } from './actor';
export { AuditService, type AuditEventView, type AuditQuery } from './audit.service';
export { ProgramsService, type ProgramView } from './programs.service';
export {
  GraduatesService,
  sortNameOf,
  type GraduateInput,
  type GraduateListQuery,
  type GraduateView,
  type Page,
} from './graduates.service';
