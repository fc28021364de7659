import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { SESSION_WINDOW_DAYS } from '@continuum/family-sessions';
import { IsIanaTimezone, IsWindowEnd } from '../common/validators';

const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

export class CreateFamilySessionDto {
  @ApiProperty({ example: '2027-03-04T18:30', description: 'Local wall time in `timezone`' })
  @IsString()
  @MaxLength(16)
  startsLocal!: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: "Defaults to the graduate's zone" })
  @IsOptional()
  @IsIanaTimezone()
  timezone?: string;

  @ApiProperty({ example: 60, minimum: 5, maximum: 720 })
  @IsInt({ message: 'must be a whole number of minutes' })
  durationMinutes!: number;

  @ApiPropertyOptional({ nullable: true, maxLength: 300, description: 'Shown in messages: keep it neutral' })
  @nullable
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 500 })
  @nullable
  @IsString()
  @MaxLength(500)
  videoUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200, description: 'Staff-facing only; never in a message' })
  @nullable
  @IsString()
  @MaxLength(200)
  clinician?: string | null;

  @ApiProperty({ type: [String], description: "The graduate's contacts to invite: each needs an active consent for family-session notices" })
  @IsArray({ message: 'must be a list of contact ids' })
  @ArrayMinSize(1, { message: 'must name at least one family contact' })
  @ArrayMaxSize(20)
  @IsUUID('4', { each: true, message: 'each must be a UUID' })
  contactIds!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  allowPlainWording?: boolean;
}

export class UpdateFamilySessionDto extends PartialType(CreateFamilySessionDto) {}

export class FamilyAttendanceRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'must be a UUID' })
  contactId!: string;

  @ApiProperty({ enum: ['attended', 'no_show'] })
  @IsIn(['attended', 'no_show'], { message: 'must be attended or no_show' })
  status!: 'attended' | 'no_show';
}

export class FamilyAttendanceDto {
  @ApiProperty({ type: [FamilyAttendanceRecordDto] })
  @IsArray({ message: 'must be a list' })
  @ArrayMinSize(1, { message: 'must not be empty' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FamilyAttendanceRecordDto)
  records!: FamilyAttendanceRecordDto[];
}

export class FamilySessionRangeDto {
  @ApiProperty({ example: '2027-03-01T00:00:00Z', description: 'Sessions starting from this instant (inclusive)' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  from!: string;

  @ApiProperty({ example: '2027-04-01T00:00:00Z', description: `Up to this instant (exclusive): after from, at most ${SESSION_WINDOW_DAYS} days after it` })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  @IsWindowEnd('from', SESSION_WINDOW_DAYS)
  to!: string;
}
