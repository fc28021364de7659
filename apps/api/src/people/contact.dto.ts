import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { RELATIONSHIPS, type Relationship, SUPPORTED_LANGUAGES, type Language } from '@continuum/domain';
import { IsIanaTimezone, IsPhone } from '../common/validators';

const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);

export class CreateContactDto {
  @ApiPropertyOptional({ nullable: true, maxLength: 100, description: 'The id in your spreadsheet' })
  @nullable
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: RELATIONSHIPS })
  @IsIn(RELATIONSHIPS, { message: `must be one of ${RELATIONSHIPS.join(', ')}` })
  relationship!: Relationship;

  @ApiPropertyOptional({ example: '+12133734254', nullable: true, description: 'Stored as E.164; US when no country code' })
  @nullable
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @nullable
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, description: "Defaults to the graduate's" })
  @IsOptional()
  @IsIn(SUPPORTED_LANGUAGES, { message: `must be one of ${SUPPORTED_LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ example: 'America/Chicago', description: "Defaults to the graduate's" })
  @IsOptional()
  @IsIanaTimezone()
  timezone?: string;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) graduateId!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: Relationship;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ enum: SUPPORTED_LANGUAGES }) language!: Language;
  @ApiProperty() timezone!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
