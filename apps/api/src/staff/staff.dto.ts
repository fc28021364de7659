import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MIN_STAFF_PASSWORD_LENGTH } from '@continuum/identity';
import { StaffRole } from '@continuum/persistence';

const ROLES = Object.values(StaffRole);
const MIN_PASSWORD = MIN_STAFF_PASSWORD_LENGTH;

export class CreateStaffDto {
  @ApiProperty({ example: 'sam.lee@example.org', description: 'Signs in with it; stored lower-cased, unique across organisations' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Sam Lee', maxLength: 100 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role!: StaffRole;

  @ApiProperty({ minLength: MIN_PASSWORD, maxLength: 256, description: 'Initial password; give it to the person out of band' })
  @IsString()
  @MinLength(MIN_PASSWORD, { message: `must be at least ${MIN_PASSWORD} characters` })
  @MaxLength(256)
  password!: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'You cannot demote yourself or the last enabled admin' })
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role?: StaffRole;

  @ApiPropertyOptional({ description: 'true ends every session and blocks sign-in; false re-enables and lifts any lockout' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  disabled?: boolean;

  @ApiPropertyOptional({ nullable: true, example: '+13125550100', description: 'For SMS pages when on call; null removes it' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(32)
  phone?: string | null;

  @ApiPropertyOptional({ description: "true makes this person the organisation's on-call coordinator, paged for every urgent alert" })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  onCall?: boolean;
}

export class ResetStaffPasswordDto {
  @ApiProperty({ minLength: MIN_PASSWORD, maxLength: 256 })
  @IsString()
  @MinLength(MIN_PASSWORD, { message: `must be at least ${MIN_PASSWORD} characters` })
  @MaxLength(256)
  password!: string;
}

export class ListStaffQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  includeDisabled?: 'true' | 'false';
}

/** A staff member as admins see them; never the password hash. */
export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: StaffRole;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set while a lockout is in force' })
  lockedUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
