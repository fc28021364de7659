import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { ConsentService } from './consent.service';
import { ContactsService } from './contacts.service';
import { ContactImportService } from './contact-import.service';
import { GraduateChangeHooks } from './graduate-change-hooks';
import { GraduateImportService } from './graduate-import.service';
import { GraduatesService } from './graduates.service';
import { ProgramsService } from './programs.service';

@Module({
  providers: [ConsentService, ContactsService, AuditService, ProgramsService, GraduatesService, GraduateImportService, GraduateChangeHooks, ContactImportService],
  exports: [ConsentService, ContactsService, AuditService, ProgramsService, GraduatesService, GraduateImportService, GraduateChangeHooks, ContactImportService],
})
export class PeopleModule {}
