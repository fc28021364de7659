import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueueProbeService } from '@continuum/diagnostics';
import type { StaffPrincipal } from '@continuum/identity';
import { Principal, Roles } from '../auth/access.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';

export class RequestQueueProbeDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 600_000, description: 'Run the job this many ms from now (a delayed job)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  delayMs?: number;
}

class QueueProbeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending', 'completed'] }) status!: 'pending' | 'completed';
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ description: 'How many times a worker picked the job up' }) attempts!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'From request to completion, in ms' })
  roundTripMs!: number | null;
}

/**
 * Operators ask for a probe to see that the worker consumes jobs: the API writes a row and
 * enqueues a job, the worker completes the row.
 */
@ApiTags('diagnostics')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Admins only' })
@Roles('admin')
@Controller('diagnostics/queue-probes')
export class QueueProbesController {
  constructor(private readonly probes: QueueProbeService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: QueueProbeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  request(@Principal() principal: StaffPrincipal, @Body() body: RequestQueueProbeDto): Promise<QueueProbeDto> {
    return this.probes.request(principal.organisationId, { delayMs: body.delayMs });
  }

  @Get(':id')
  @ApiOkResponse({ type: QueueProbeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  find(@Principal() principal: StaffPrincipal, @Param('id', uuidPipe('id')) id: string): Promise<QueueProbeDto> {
    return this.probes.find(principal.organisationId, id);
  }
}
