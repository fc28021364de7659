import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DeliveriesService } from '@continuum/delivery';
import { type Channel, Channel as Channels } from '@continuum/domain';
import { DeliveryStatus } from '@continuum/persistence';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';

const STATUSES = Object.values(DeliveryStatus);
const CHANNELS = Object.values(Channels);

class LimitQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

class ListDeliveriesQuery extends LimitQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'must be a UUID' })
  graduateId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'createdAt of the last item of the previous page' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'must be an ISO-8601 date-time' })
  before?: string;
}

class TestMessageDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` })
  channel!: Channel;
}

/** What the delivery engine did and is about to do; the local outbox; a test message. */
@ApiTags('deliveries')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller()
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('deliveries')
  @ApiOkResponse({ description: 'Newest first' })
  list(@CurrentActor() actor: Actor, @Query() query: ListDeliveriesQuery) {
    return this.deliveries.list(actor, { ...query, limit: query.limit ?? 50 });
  }

  @Get('deliveries/:id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.deliveries.get(actor, id);
  }

  @Get('outbox')
  @ApiOkResponse({ description: 'Messages the local outbox transport kept instead of sending (no credentials configured)' })
  outbox(@CurrentActor() actor: Actor, @Query() query: LimitQuery) {
    return this.deliveries.outbox(actor, { limit: query.limit ?? 50 });
  }

  @Post('graduates/:graduateId/test-messages')
  @ApiCreatedResponse({ description: 'A neutral test message, scheduled through every rule (consent, quiet hours, caps)' })
  test(@CurrentActor() actor: Actor, @Param('graduateId', uuidPipe('graduateId')) graduateId: string, @Body() body: TestMessageDto) {
    return this.deliveries.sendTest(actor, graduateId, body.channel);
  }
}
