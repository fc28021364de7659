import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Channel, GraduateStatus, SUPPORTED_LANGUAGES } from '@continuum/domain';
import { IsCalendarDate, IsClockTime, IsIanaTimezone, IsPhone } from '../common/validators';

const STATUSES = Object.values(GraduateStatus);
const CHANNELS = Object.values(Channel);
/** Null clears an optional field on update; undefined leaves it alone. */
const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

export class CreateGraduateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @nullable
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100, description: 'The id in your EHR or spreadsheet' })
  @nullable
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  lastName!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 100 })
  @nullable
  @IsString()
  @MaxLength(100)
  preferredName?: string | null;

  @ApiPropertyOptional({ example: '2026-01-05', nullable: true })
  @nullable
  @IsCalendarDate()
  admissionDate?: string | null;

  @ApiPropertyOptional({ example: '2026-03-27', nullable: true })
  @nullable
  @IsCalendarDate()
  dischargeDate?: string | null;

  @ApiProperty({ example: 'America/Chicago' })
  @IsIanaTimezone()
  timezone!: string;

  @ApiPropertyOptional({ example: '+12133734253', nullable: true, description: 'Stored as E.164; US when no country code' })
  @nullable
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @nullable
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true })
  @IsOptional()
  @IsIn(CHANNELS, { each: true, message: `each must be one of ${CHANNELS.join(', ')}` })
  @ArrayMaxSize(2)
  preferredChannels?: Channel[];

  @ApiPropertyOptional({ example: '09:00', nullable: true })
  @nullable
  @IsClockTime()
  contactHoursStart?: string | null;

  @ApiPropertyOptional({ example: '20:00', nullable: true })
  @nullable
  @IsClockTime()
  contactHoursEnd?: string | null;

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(SUPPORTED_LANGUAGES, { message: `must be one of ${SUPPORTED_LANGUAGES.join(', ')}` })
  language?: (typeof SUPPORTED_LANGUAGES)[number];

  @ApiPropertyOptional({ enum: STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: GraduateStatus;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @nullable
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class UpdateGraduateDto extends PartialType(CreateGraduateDto) {}

export class ListGraduatesQueryDto {
  @ApiPropertyOptional({ description: 'Name prefix (last or first) or exact external id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ example: '2026-03', description: 'Discharge month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month written YYYY-MM' })
  cohort?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: GraduateStatus;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class GraduateDto extends CreateGraduateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-03', description: 'Discharge month' }) cohort!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GraduatePageDto {
  @ApiProperty({ type: [GraduateDto] }) items!: GraduateDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
