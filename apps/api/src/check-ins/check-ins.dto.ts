import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { DUE_WINDOW_DAYS, MAX_ENROL } from '@continuum/check-ins';
import { PageQueryDto } from '../common/page-query';
import { IsWindowEnd } from '../common/validators';

const ENROLMENT_STATUSES = ['active', 'paused', 'withdrawn'] as const;
const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export class EnrolDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'must be a UUID' })
  planId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: `Up to ${MAX_ENROL} graduates; or give programId, or cohort` })
  @IsOptional()
  @IsArray({ message: 'must be a list of graduate ids' })
  @ArrayMinSize(1, { message: 'must list at least one graduate' })
  @ArrayMaxSize(MAX_ENROL, { message: `must list at most ${MAX_ENROL} graduates` })
  @IsUUID('4', { each: true, message: 'each must be a UUID' })
  graduateIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: "Every active graduate of the program" })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ example: '2026-03', description: 'Every active graduate discharged that month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month written YYYY-MM' })
  cohort?: string;
}

export class UpdateEnrolmentDto {
  @ApiPropertyOptional({ enum: ENROLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLMENT_STATUSES, { message: `must be one of ${ENROLMENT_STATUSES.join(', ')}` })
  status?: (typeof ENROLMENT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Move to another plan' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  planId?: string;
}

export class CheckInListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Preview what this plan would send, without enrolling' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  planId?: string;
}

export class DueCheckInQueryDto {
  @ApiProperty({ example: '2027-03-01T00:00:00Z', description: 'Check-ins due from this instant (inclusive)' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2027-03-02T00:00:00Z', description: `Up to this instant (exclusive): after from, at most ${DUE_WINDOW_DAYS} days after it` })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  @IsWindowEnd('from', DUE_WINDOW_DAYS)
  to!: string;

  @ApiPropertyOptional({ enum: ['mine', 'all'], default: 'all', description: "mine: only graduates whose coordinator the caller is (as GET /graduates?caseload=mine)" })
  @IsOptional()
  @IsIn(['mine', 'all'], { message: 'must be mine or all' })
  caseload?: 'mine' | 'all';
}

export class DueCheckInDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) graduateId!: string;
  @ApiProperty({ description: 'The preferred name when there is one, else the first name' }) firstName!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['scheduled', 'answered', 'missed', 'cancelled'] }) status!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) answeredAt!: string | null;
}

export class ScoresQueryDto {
  @ApiPropertyOptional({ enum: ['phq9', 'gad7', 'bam'] })
  @IsOptional()
  @IsIn(['phq9', 'gad7', 'bam'], { message: 'must be one of phq9, gad7, bam' })
  instrument?: 'phq9' | 'gad7' | 'bam';
}

export class AlertListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES, { message: `must be one of ${ALERT_STATUSES.join(', ')}` })
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  graduateId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  ownerId?: string;

  @ApiPropertyOptional({ description: 'Only alerts owned by the caller' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  mine?: 'true' | 'false';
}

export class UpdateAlertDto {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES, { message: `must be one of ${ALERT_STATUSES.join(', ')}` })
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Give the alert to another coordinator' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID('4', { message: 'must be a UUID' })
  ownerId?: string | null;
}

export class AlertNoteDto {
  @ApiProperty({ maxLength: 4000 })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(4000)
  body!: string;
}

