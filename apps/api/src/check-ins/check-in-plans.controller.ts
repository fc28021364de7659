import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CheckInPlansService } from '@continuum/check-ins';
import type { Actor } from '@continuum/people';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { CreateCheckInPlanDto, ScheduleQueryDto, UpdateCheckInPlanDto } from './check-in-plan.dto';

/** Check-in cadences: the published protocols, and the organisation's own plans built on them. */
@ApiTags('check-ins')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class CheckInPlansController {
  constructor(private readonly plans: CheckInPlansService) {}

  @Get('check-in-protocols')
  @ApiOkResponse({ description: 'Versioned protocol templates with their sources (docs/protocols.md)' })
  protocols() {
    return this.plans.protocols();
  }

  @Get('check-in-plans')
  list(@CurrentActor() actor: Actor) {
    return this.plans.list(actor);
  }

  @Post('check-in-plans')
  @Roles('admin')
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Offsets unparsable, negative or out of order; unknown protocol' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Name already used' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCheckInPlanDto) {
    return this.plans.create(actor, body);
  }

  @Get('check-in-plans/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.plans.get(actor, id);
  }

  @Patch('check-in-plans/:id')
  @Roles('admin')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateCheckInPlanDto) {
    return this.plans.update(actor, id, body);
  }

  @Get('check-in-plans/:id/schedule')
  @ApiOkResponse({ description: "When the plan's check-ins would fall for a graduate discharged on that date in that zone (quiet hours applied)" })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  schedule(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: ScheduleQueryDto) {
    return this.plans.schedule(actor, id, query);
  }
}
