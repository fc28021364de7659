import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import {
  type Channel,
  Channel as Channels,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  type ConsentDecision,
  type ConsentMethod,
  type ConsentPurpose,
  STAFF_GRANT_METHODS,
  STAFF_REVOKE_METHODS,
} from '@continuum/domain';

const CHANNELS = Object.values(Channels);
const nullable = ValidateIf((_o, value) => value !== null && value !== undefined);
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

class RecipientDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A contact of the graduate; absent or null means the graduate themself' })
  @nullable
  @IsUUID('4', { message: 'must be a UUID' })
  contactId?: string | null;
}

export class GrantConsentDto extends RecipientDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, oneOf(CHANNELS))
  channel!: Channel;

  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES, oneOf(CONSENT_PURPOSES))
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: STAFF_GRANT_METHODS, description: 'form: signed form on file; verbal: said to staff; written: letter or email' })
  @IsIn(STAFF_GRANT_METHODS, oneOf(STAFF_GRANT_METHODS))
  method!: ConsentMethod;

  @ApiProperty({ maxLength: 4000, description: 'The consent text the graduate read or heard' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(4000)
  shownText!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, description: 'What may be shared; required for a contact' })
  @nullable
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Required for a contact, at most 366 days ahead' })
  @nullable
  @IsDateString({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  expiresAt?: string | null;
}

export class RevokeConsentDto extends RecipientDto {
  @ApiPropertyOptional({ enum: CHANNELS, description: 'Every channel when absent' })
  @IsOptional()
  @IsIn(CHANNELS, oneOf(CHANNELS))
  channel?: Channel;

  @ApiPropertyOptional({ enum: CONSENT_PURPOSES, description: 'Every purpose when absent' })
  @IsOptional()
  @IsIn(CONSENT_PURPOSES, oneOf(CONSENT_PURPOSES))
  purpose?: ConsentPurpose;

  @ApiProperty({ enum: STAFF_REVOKE_METHODS })
  @IsIn(STAFF_REVOKE_METHODS, oneOf(STAFF_REVOKE_METHODS))
  method!: ConsentMethod;
}

export class ConsentRecordDto {
  @ApiProperty({ description: 'Order of records; the latest decides' }) seq!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contactId!: string | null;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty({ enum: ['granted', 'revoked'] }) decision!: ConsentDecision;
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) shownText!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ConsentStateDto extends ConsentRecordDto {
  @ApiProperty({ description: 'Whether sending is allowed now' }) active!: boolean;
}

export class ConsentOverviewDto {
  @ApiProperty({ type: [ConsentStateDto], description: 'The latest record per recipient, channel and purpose' })
  current!: ConsentStateDto[];

  @ApiProperty({ type: [ConsentRecordDto], description: 'Every record, newest first' })
  history!: ConsentRecordDto[];
}

export class RevocationResultDto {
  @ApiProperty({ description: 'How many granted consents were revoked' }) revoked!: number;
}
