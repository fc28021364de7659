import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.continuum.test' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'continuum-demo-2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
}

export class StaffProfileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'coordinator'] }) role!: 'admin' | 'coordinator';
  @ApiProperty({ type: OrganisationSummaryDto }) organisation!: OrganisationSummaryDto;
}

export class SessionTokensDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires (at most 900)' }) expiresIn!: number;
  @ApiProperty({ description: 'Single use: trade it at /auth/refresh for a new pair' }) refreshToken!: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt!: string;
}

export class LoginResponseDto extends SessionTokensDto {
  @ApiProperty({ type: StaffProfileDto }) user!: StaffProfileDto;
}
