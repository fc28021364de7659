import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { CONTACT_METHODS, CONTACT_OUTCOMES, type ContactMethod, type ContactOutcome, MAX_REPLY_LENGTH } from '@continuum/domain';
import { MAX_REASSIGN } from '@continuum/outreach';
import { IsCalendarDate } from '../common/validators';

const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

export class CaseloadAssignmentDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The coordinator; null takes the graduates off anyone’s caseload' })
  @ValidateIf((_o, value) => value !== null)
  @IsUUID('4', { message: 'must be a UUID or null' })
  coordinatorId!: string | null;

  @ApiProperty({ type: [String], maxItems: MAX_REASSIGN })
  @IsArray({ message: 'must be a list of graduate ids' })
  @ArrayMinSize(1, { message: 'must not be empty' })
  @ArrayMaxSize(MAX_REASSIGN)
  @IsUUID('4', { each: true, message: 'each must be a UUID' })
  graduateIds!: string[];
}

export class ContactLogDto {
  @ApiProperty({ enum: CONTACT_METHODS })
  @IsIn(CONTACT_METHODS, { message: `must be one of ${CONTACT_METHODS.join(', ')}` })
  method!: ContactMethod;

  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES, { message: `must be one of ${CONTACT_OUTCOMES.join(', ')}` })
  outcome!: ContactOutcome;

  @ApiPropertyOptional({ nullable: true, maxLength: 4000 })
  @nullable
  @IsString()
  @MaxLength(4000)
  notes?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-12-01', description: 'The graduate comes back on the worklist that day' })
  @nullable
  @IsCalendarDate()
  nextStepOn?: string | null;

  @ApiPropertyOptional({ example: '2026-11-23T15:00:00Z', description: 'When it happened; now when not given' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  occurredAt?: string;
}

export class WorklistQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Another coordinator's worklist (admins only); your own when not given" })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  coordinatorId?: string;
}

export class ReplyDto {
  @ApiProperty({ maxLength: MAX_REPLY_LENGTH, example: 'Thanks for writing. Could I call you tomorrow at 10?' })
  @IsString()
  @MaxLength(MAX_REPLY_LENGTH)
  body!: string;

  @ApiPropertyOptional({ enum: ['sms', 'email'], description: 'SMS when the graduate has a phone, else email' })
  @IsOptional()
  @IsIn(['sms', 'email'], { message: 'must be sms or email' })
  channel?: 'sms' | 'email';

  @ApiPropertyOptional({ description: 'Send words that could reveal treatment on a lock screen anyway' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  allowPlainWording?: boolean;
}

class BroadcastBodiesDto {
  @ApiProperty({ maxLength: MAX_REPLY_LENGTH, example: 'Our summer picnic is on Saturday, June 12 at noon. Hope to see you there!' })
  @IsString()
  @MaxLength(MAX_REPLY_LENGTH)
  en!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: MAX_REPLY_LENGTH, description: 'For Spanish speakers; they get the English when absent' })
  @nullable
  @IsString()
  @MaxLength(MAX_REPLY_LENGTH)
  es?: string | null;
}

class BroadcastSegmentDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @nullable
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-01-01' })
  @nullable
  @IsCalendarDate()
  dischargedFrom?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-06-30' })
  @nullable
  @IsCalendarDate()
  dischargedTo?: string | null;

  @ApiPropertyOptional({ enum: ['active', 'paused', 'completed', 'withdrawn'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'paused', 'completed', 'withdrawn'], { message: 'must be active, paused, completed or withdrawn' })
  status?: 'active' | 'paused' | 'completed' | 'withdrawn';

  @ApiPropertyOptional({ enum: ['at_risk', 'urgent'], nullable: true })
  @nullable
  @IsIn(['at_risk', 'urgent'], { message: 'must be at_risk or urgent' })
  risk?: 'at_risk' | 'urgent' | null;

  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 100 })
  @nullable
  @IsNumber({}, { message: 'must be a number' })
  @Min(0)
  @Max(100)
  scoreMin?: number | null;

  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 100 })
  @nullable
  @IsNumber({}, { message: 'must be a number' })
  @Min(0)
  @Max(100)
  scoreMax?: number | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-09-01', description: 'Attended a meeting on or after this date' })
  @nullable
  @IsCalendarDate()
  attendedSince?: string | null;
}

export class CreateBroadcastDto {
  @ApiProperty({ maxLength: 200, example: 'Summer picnic' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: BroadcastBodiesDto })
  @ValidateNested()
  @Type(() => BroadcastBodiesDto)
  bodies!: BroadcastBodiesDto;

  @ApiProperty({ type: BroadcastSegmentDto })
  @ValidateNested()
  @Type(() => BroadcastSegmentDto)
  segment!: BroadcastSegmentDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  allowPlainWording?: boolean;
}

export class SendBroadcastDto {
  @ApiPropertyOptional({ example: '2026-12-01T17:00:00Z', description: 'When to send; now when not given' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  sendAt?: string;
}
