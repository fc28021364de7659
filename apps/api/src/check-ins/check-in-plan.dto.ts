import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsClockTime, IsIanaTimezone } from '../common/validators';

const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

class AdaptiveRuleDto {
  @ApiProperty({ example: 0.5, description: 'Multiplies the interval after a check-in that showed need (0–1)' })
  @IsNumber({}, { message: 'must be a number' })
  closerFactor!: number;

  @ApiProperty({ example: 1.5, description: 'Multiplies the interval after one that did not (> 1)' })
  @IsNumber({}, { message: 'must be a number' })
  stretchFactor!: number;

  @ApiProperty({ example: 'P2D' })
  @IsString()
  @MaxLength(32)
  minInterval!: string;

  @ApiProperty({ example: 'P90D' })
  @IsString()
  @MaxLength(32)
  maxInterval!: string;
}

export class CreateCheckInPlanDto {
  @ApiProperty({ maxLength: 100, example: 'Evening IOP aftercare' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The program it is for; none means any' })
  @nullable
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string | null;

  @ApiPropertyOptional({ example: 'post-iop-taper@1', description: 'Start from a protocol (GET /check-in-protocols); fields given override it' })
  @nullable
  @IsString()
  @MaxLength(64)
  protocol?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['P1D', 'P3D', 'P7D'], description: 'ISO-8601 durations from discharge (or from enrolment when under a day)' })
  @IsOptional()
  @IsArray({ message: 'must be a list of ISO-8601 durations' })
  @ArrayMaxSize(200)
  @IsString({ each: true, message: 'each must be an ISO-8601 duration such as P7D' })
  @MaxLength(32, { each: true })
  offsets?: string[];

  @ApiPropertyOptional({ example: '10:00', description: "Local time of day in the graduate's zone" })
  @IsOptional()
  @IsClockTime()
  localTime?: string;

  @ApiPropertyOptional({ example: 'PT24H', nullable: true, description: 'One reminder after this long without an answer' })
  @nullable
  @IsString()
  @MaxLength(32)
  nudgeAfter?: string | null;

  @ApiPropertyOptional({ example: 'P3D', description: 'No answer within this long: missed' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  missedAfter?: string;

  @ApiPropertyOptional({ description: 'A missed check-in asks a coordinator to reach out (Lucht et al. 2021)' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  silenceMeansContact?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['phq9', 'gad7', 'bam'] },
    example: { '3': 'phq9' },
    description: "Check-ins (by offset index) whose form asks a scored instrument instead of the quick questions",
  })
  @IsOptional()
  @IsObject({ message: 'must map offset indexes to instruments' })
  instruments?: Record<string, 'phq9' | 'gad7' | 'bam'>;

  @ApiPropertyOptional({ enum: ['sms', 'email'], nullable: true, description: "The plan's channel; null: each graduate's own preference" })
  @nullable
  @IsIn(['sms', 'email'], { message: 'must be sms, email or null' })
  channel?: 'sms' | 'email' | null;

  @ApiPropertyOptional({ type: AdaptiveRuleDto, nullable: true })
  @nullable
  @ValidateNested()
  @Type(() => AdaptiveRuleDto)
  adaptive?: AdaptiveRuleDto | null;
}

export class UpdateCheckInPlanDto extends PartialType(OmitType(CreateCheckInPlanDto, ['protocol'] as const)) {}

export class ScheduleQueryDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  dischargeDate!: string;

  @ApiProperty({ example: 'America/New_York' })
  @IsIanaTimezone()
  timezone!: string;
}
