import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { StaffPrincipal } from '@continuum/identity';
import { AuditService, type AuditEventView } from '@continuum/people';
import { Principal, Roles } from '../auth/access.decorators';
import { ErrorResponseDto } from '../common/error-response';

class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The record read or changed' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  subjectId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The staff member who acted' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'graduate.read' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({}, { message: 'must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({}, { message: 'must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Id of the last event of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'must be an event id' })
  before?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Admins answer "who looked at this person's record, and when". */
@ApiTags('audit')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Admins only' })
@Roles('admin')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first' })
  search(@Principal() principal: StaffPrincipal, @Query() query: AuditQueryDto): Promise<AuditEventView[]> {
    return this.audit.search(principal.organisationId, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? 100,
    });
  }
}
