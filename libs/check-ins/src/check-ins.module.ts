import { Module } from '@nestjs/common';
import { PeopleModule } from '@continuum/people';
import { CheckInPlansService } from './check-in-plans.service';

@Module({
  imports: [PeopleModule],
  providers: [CheckInPlansService],
  exports: [CheckInPlansService],
})
export class CheckInsModule {}
