import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { MeetingAudience } from '@continuum/persistence';
import { MAX_AUDIENCE_LIST } from '@continuum/meetings';
import { IsCalendarDate, IsIanaTimezone } from '../common/validators';

const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

export class AudienceDto {
  @ApiProperty({ enum: ['all', 'program', 'cohort', 'list'], description: 'All alumni, one program, a discharge window, or a hand-picked list' })
  @IsIn(['all', 'program', 'cohort', 'list'], { message: 'must be all, program, cohort or list' })
  type!: MeetingAudience['type'];

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for program; optional for cohort' })
  @ValidateIf((o: AudienceDto) => o.type === 'program' || (o.type === 'cohort' && o.programId !== undefined && o.programId !== null))
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string | null;

  @ApiPropertyOptional({ example: '2027-01-01', nullable: true, description: 'Cohort: discharged on or after' })
  @nullable
  @IsCalendarDate()
  dischargedFrom?: string | null;

  @ApiPropertyOptional({ example: '2027-03-31', nullable: true, description: 'Cohort: discharged on or before' })
  @nullable
  @IsCalendarDate()
  dischargedTo?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'List: the graduates invited' })
  @ValidateIf((o: AudienceDto) => o.type === 'list')
  @IsArray({ message: 'must be a list of graduate ids' })
  @ArrayMaxSize(MAX_AUDIENCE_LIST)
  @IsUUID('4', { each: true, message: 'each must be a UUID' })
  graduateIds?: string[];
}

export function toAudience(dto: AudienceDto): MeetingAudience {
  switch (dto.type) {
    case 'all':
      return { type: 'all' };
    case 'program':
      return { type: 'program', programId: dto.programId as string };
    case 'cohort':
      return { type: 'cohort', dischargedFrom: dto.dischargedFrom ?? null, dischargedTo: dto.dischargedTo ?? null, programId: dto.programId ?? null };
    case 'list':
      return { type: 'list', graduateIds: dto.graduateIds ?? [] };
  }
}

export class CreateMeetingSeriesDto {
  @ApiProperty({ maxLength: 200, example: 'Thursday alumni gathering', description: 'Staff-facing; default messages and calendar entries never show it' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @nullable
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ example: '2027-03-04T18:30', description: 'First occurrence, local wall time in `timezone`' })
  @IsString()
  @MaxLength(16)
  startsLocal!: string;

  @ApiProperty({ example: 'America/Chicago' })
  @IsIanaTimezone()
  timezone!: string;

  @ApiPropertyOptional({ example: 'FREQ=WEEKLY;BYDAY=TH', nullable: true, description: 'RFC 5545 RRULE without DTSTART; none for a one-off meeting' })
  @nullable
  @IsString()
  @MaxLength(500)
  rrule?: string | null;

  @ApiProperty({ example: 90, minimum: 5, maximum: 720 })
  @IsInt({ message: 'must be a whole number of minutes' })
  durationMinutes!: number;

  @ApiPropertyOptional({ nullable: true, maxLength: 300, example: '1200 Riverside Avenue, Suite 300', description: 'Shown in messages: keep it neutral' })
  @nullable
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 500, example: 'https://meet.example.org/abc' })
  @nullable
  @IsString()
  @MaxLength(500)
  videoUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 10000, description: 'Places per occurrence; more yeses join the waitlist' })
  @nullable
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(10_000)
  capacity?: number | null;

  @ApiProperty({ type: AudienceDto })
  @ValidateNested()
  @Type(() => AudienceDto)
  audience!: AudienceDto;

  @ApiPropertyOptional({ example: 'P7D', description: 'Invitations go this long before each occurrence' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  inviteLead?: string;

  @ApiPropertyOptional({ type: [String], example: ['PT24H', 'PT1H'] })
  @IsOptional()
  @IsArray({ message: 'must be a list of ISO-8601 durations' })
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  reminderOffsets?: string[];

  @ApiPropertyOptional({ description: 'Also remind those who have not answered' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  remindNoReply?: boolean;

  @ApiPropertyOptional({ description: 'Allow a place that uses a word which could reveal treatment' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  allowPlainWording?: boolean;
}

export class UpdateMeetingSeriesDto extends PartialType(CreateMeetingSeriesDto) {}

export class OccurrenceRangeDto {
  @ApiProperty({ example: '2027-03-01T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2027-04-01T00:00:00Z', description: 'At most 400 days after from' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  to!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  seriesId?: string;
}

export class ChangeOccurrenceDto {
  @ApiPropertyOptional({ example: '2027-03-05T19:00', description: "New local start, in the series' zone" })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  startsLocal?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 720 })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(5)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional({ nullable: true, maxLength: 300 })
  @nullable
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 500 })
  @nullable
  @IsString()
  @MaxLength(500)
  videoUrl?: string | null;
}

export class AttendanceRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'must be a UUID' })
  graduateId!: string;

  @ApiProperty({ enum: ['attended', 'no_show'] })
  @IsIn(['attended', 'no_show'], { message: 'must be attended or no_show' })
  status!: 'attended' | 'no_show';
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendanceRecordDto] })
  @IsArray({ message: 'must be a list' })
  @ArrayMinSize(1, { message: 'must not be empty' })
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordDto)
  records!: AttendanceRecordDto[];
}
