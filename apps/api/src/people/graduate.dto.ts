import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { Channel, graduateFieldProblem, GraduateStatus, isGraduateField, SUPPORTED_LANGUAGES } from '@continuum/domain';
import { GRADUATE_RISKS, type GraduateRisk } from '@continuum/people';
import { PageQueryDto } from '../common/page-query';

const STATUSES = Object.values(GraduateStatus);
const CHANNELS = Object.values(Channel);

/**
 * The domain's rule for the decorated field (`graduateFieldProblem`), the same rule the CSV
 * import applies to each row. Null and undefined pass for optional fields; on update (PartialType)
 * every field is optional.
 */
function FollowsGraduateRule(): PropertyDecorator {
  const reason = (property: string, value: unknown): string | null => {
    if (!isGraduateField(property)) throw new Error(`${property} is not a graduate field`);
    return graduateFieldProblem(property, value);
  };
  return ValidateBy({
    name: 'graduateRule',
    validator: {
      validate: (value: unknown, args) => reason(args?.property ?? '', value) === null,
      defaultMessage: (args) => (args ? (reason(args.property, args.value) ?? 'is invalid') : 'is invalid'),
    },
  });
}

export class CreateGraduateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @FollowsGraduateRule()
  programId?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100, description: 'The id in your EHR or spreadsheet' })
  @FollowsGraduateRule()
  externalId?: string | null;

  @ApiProperty({ maxLength: 100 })
  @FollowsGraduateRule()
  firstName!: string;

  @ApiProperty({ maxLength: 100 })
  @FollowsGraduateRule()
  lastName!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 100 })
  @FollowsGraduateRule()
  preferredName?: string | null;

  @ApiPropertyOptional({ example: '2026-01-05', nullable: true })
  @FollowsGraduateRule()
  admissionDate?: string | null;

  @ApiPropertyOptional({ example: '2026-03-27', nullable: true })
  @FollowsGraduateRule()
  dischargeDate?: string | null;

  @ApiProperty({ example: 'America/Chicago' })
  @FollowsGraduateRule()
  timezone!: string;

  @ApiPropertyOptional({ example: '+12133734253', nullable: true, description: 'Stored as E.164; US when no country code' })
  @FollowsGraduateRule()
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 254 })
  @FollowsGraduateRule()
  email?: string | null;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, maxItems: 2 })
  @FollowsGraduateRule()
  preferredChannels?: Channel[];

  @ApiPropertyOptional({ example: '09:00', nullable: true })
  @FollowsGraduateRule()
  contactHoursStart?: string | null;

  @ApiPropertyOptional({ example: '20:00', nullable: true })
  @FollowsGraduateRule()
  contactHoursEnd?: string | null;

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, default: 'en' })
  @FollowsGraduateRule()
  language?: (typeof SUPPORTED_LANGUAGES)[number];

  @ApiPropertyOptional({ enum: STATUSES, default: 'active' })
  @FollowsGraduateRule()
  status?: GraduateStatus;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @FollowsGraduateRule()
  notes?: string | null;
}

export class UpdateGraduateDto extends PartialType(CreateGraduateDto) {}

export class ListGraduatesQueryDto extends PageQueryDto {
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

  @ApiPropertyOptional({ enum: GRADUATE_RISKS, description: 'at_risk: an alert still open or acknowledged; urgent: an urgent alert still open' })
  @IsOptional()
  @IsIn(GRADUATE_RISKS, { message: `must be one of ${GRADUATE_RISKS.join(', ')}` })
  risk?: GraduateRisk;

  @ApiPropertyOptional({ enum: ['mine', 'unassigned', 'all'], description: "Whose graduates: a coordinator's list defaults to their own caseload (mine), an admin's to all" })
  @IsOptional()
  @IsIn(['mine', 'unassigned', 'all'], { message: 'must be mine, unassigned or all' })
  caseload?: 'mine' | 'unassigned' | 'all';
}

export class GraduateDto extends CreateGraduateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: "Owner of the graduate's alerts; null: the on-call coordinator" }) coordinatorId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-03', description: 'Discharge month' }) cohort!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AssignCoordinatorDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'A staff member of the organisation, or null for none' })
  @ValidateIf((_o, v) => v !== null)
  @IsUUID('4', { message: 'must be a UUID or null' })
  coordinatorId!: string | null;
}

export class GraduateListItemDto extends GraduateDto {
  @ApiProperty({ enum: ['at_risk', 'urgent'], nullable: true, description: 'As the `risk` filter reads it: urgent (an urgent alert still open) or at_risk (any alert open or acknowledged)' })
  risk!: 'at_risk' | 'urgent' | null;
}

export class GraduatePageDto {
  @ApiProperty({ type: [GraduateListItemDto] }) items!: GraduateListItemDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}
