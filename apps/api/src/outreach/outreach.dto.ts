import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
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
