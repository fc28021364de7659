import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { FamilySessionResponses, FamilySessionsService } from '@continuum/family-sessions';
import type { Actor } from '@continuum/people';
import { Public } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { formFields, PrivateLinkPage, sendPage } from '../common/private-link-page';
import { CreateFamilySessionDto, FamilyAttendanceDto, FamilySessionRangeDto, UpdateFamilySessionDto } from './family-session.dto';

/** Family sessions of a graduate: scheduling with consented contacts, rescheduling, cancelling, attendance; and the organisation's calendar of them. */
@ApiTags('family-sessions')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class FamilySessionsController {
  constructor(private readonly sessions: FamilySessionsService) {}

  @Post('graduates/:graduateId/family-sessions')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A contact without consent, not this graduate’s, a time in the past…' })
  create(@CurrentActor() actor: Actor, @Param('graduateId', uuidPipe('graduateId')) graduateId: string, @Body() body: CreateFamilySessionDto) {
    return this.sessions.create(actor, graduateId, body);
  }

  @Get('graduates/:graduateId/family-sessions')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  list(@CurrentActor() actor: Actor, @Param('graduateId', uuidPipe('graduateId')) graduateId: string) {
    return this.sessions.listForGraduate(actor, graduateId);
  }

  @Get('family-sessions')
  @ApiOkResponse({ description: "The organisation's family sessions starting in [from, to), soonest first, at most 500: each as GET /family-sessions/{id} gives it, plus graduateFirstName" })
  calendar(@CurrentActor() actor: Actor, @Query() query: FamilySessionRangeDto) {
    return this.sessions.listBetween(actor, { from: new Date(query.from), to: new Date(query.to) });
  }

  @Get('family-sessions/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.sessions.get(actor, id);
  }

  @Patch('family-sessions/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The session is cancelled' })
  change(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateFamilySessionDto) {
    return this.sessions.change(actor, id, body);
  }

  @Post('family-sessions/:id/cancel')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.sessions.cancel(actor, id);
  }

  @Put('family-sessions/:id/attendance')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  attendance(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: FamilyAttendanceDto) {
    return this.sessions.markAttendance(actor, id, body.records);
  }
}

/** A family contact's pages from private links: the session (`/s/<token>`) and the feedback after it (`/sf/<token>`). */
@Public()
@Controller()
export class FamilySessionPagesController {
  constructor(private readonly responses: FamilySessionResponses) {}

  @Get('s/:token')
  @ApiExcludeEndpoint()
  @PrivateLinkPage()
  async session(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.showSession(token));
  }

  @Get('sf/:token')
  @ApiExcludeEndpoint()
  @PrivateLinkPage()
  async feedback(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.showFeedback(token));
  }

  @Post('sf/:token')
  @ApiExcludeEndpoint()
  @PrivateLinkPage()
  async rate(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.submitFeedback(token, formFields(body)));
  }
}
