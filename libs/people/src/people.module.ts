import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { GraduatesService } from './graduates.service';
import { ProgramsService } from './programs.service';

@Module({
  providers: [AuditService, ProgramsService, GraduatesService],
  exports: [AuditService, ProgramsService, GraduatesService],
})
export class PeopleModule {}
