import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { ENGAGEMENT_KINDS } from '@continuum/domain';
import { PageQueryDto } from '../common/page-query';
import { IsCalendarDate } from '../common/validators';

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated kinds, e.g. check_in.answered,meeting.attended', example: 'check_in.answered' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((k) => k.trim()).filter(Boolean) : value))
  @IsArray()
  @IsIn(ENGAGEMENT_KINDS as unknown as string[], { each: true, message: `each must be one of ${ENGAGEMENT_KINDS.join(', ')}` })
  kind?: string[];

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2027-02-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  to?: string;
}

export class RatesQueryDto {
  @ApiProperty({ example: '2027-01-01', description: 'First UTC day, inclusive' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2027-03-31', description: 'Last UTC day, inclusive' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ example: '2026-11', description: 'Graduates discharged in that month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month like 2026-11' })
  cohort?: string;

  @ApiPropertyOptional({ enum: ['organisation', 'program', 'cohort'], default: 'organisation' })
  @IsOptional()
  @IsIn(['organisation', 'program', 'cohort'], { message: 'must be organisation, program or cohort' })
  groupBy?: 'organisation' | 'program' | 'cohort';

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be json or csv' })
  format?: 'json' | 'csv';
}

export class RetentionQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'Discharged on or after' })
  @IsCalendarDate()
  dischargedFrom!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Discharged on or before' })
  @IsCalendarDate()
  dischargedTo!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be json or csv' })
  format?: 'json' | 'csv';
}

export class EventsExportQueryDto {
  @ApiProperty({ example: '2027-01-01T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2027-02-01T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  to!: string;
}

export class FollowUpQueryDto extends RetentionQueryDto {
  @ApiPropertyOptional({ enum: ['not_due', 'open', 'reached', 'missed'], description: 'List only graduates in this state (the counts cover all)' })
  @IsOptional()
  @IsIn(['not_due', 'open', 'reached', 'missed'], { message: 'must be not_due, open, reached or missed' })
  status?: 'not_due' | 'open' | 'reached' | 'missed';
}
