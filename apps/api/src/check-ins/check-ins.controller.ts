import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AlertsService, CheckInsService, EnrolmentsService } from '@continuum/check-ins';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { AlertListQueryDto, AlertNoteDto, CheckInListQueryDto, DueCheckInDto, DueCheckInQueryDto, EnrolDto, ScoresQueryDto, UpdateAlertDto, UpdateEnrolmentDto } from './check-ins.dto';

/** Putting graduates on plans, seeing their check-ins, and the alerts their answers and silences raise. */
@ApiTags('check-ins')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class CheckInsController {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly checkIns: CheckInsService,
    private readonly alerts: AlertsService,
  ) {}

  @Post('check-in-enrolments')
  @HttpCode(200)
  @ApiOkResponse({ description: 'How many were enrolled or moved, how many check-ins were planned, and who was skipped and why' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Unknown plan or graduate; not exactly one way of choosing graduates' })
  enrol(@CurrentActor() actor: Actor, @Body() body: EnrolDto) {
    return this.enrolments.enrol(actor, body);
  }

  @Get('graduates/:id/check-in-enrolment')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  enrolment(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.enrolments.get(actor, id);
  }

  @Patch('graduates/:id/check-in-enrolment')
  @ApiOkResponse({ description: 'Paused, resumed, withdrawn or moved; unsent check-ins re-planned' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  changeEnrolment(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateEnrolmentDto) {
    return this.enrolments.change(actor, id, body);
  }

  @Get('check-ins')
  @ApiOkResponse({ type: [DueCheckInDto], description: "The organisation's check-ins due in [from, to), soonest first, at most 500; caseload=mine: only the caller's graduates" })
  due(@CurrentActor() actor: Actor, @Query() query: DueCheckInQueryDto) {
    return this.checkIns.listDue(actor, { from: new Date(query.from), to: new Date(query.to), coordinatorId: query.caseload === 'mine' ? actor.userId : undefined });
  }

  @Get('graduates/:id/check-ins')
  @ApiOkResponse({ description: "The graduate's check-ins and the message each sends; with planId, a preview of that plan, nothing written" })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  list(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: CheckInListQueryDto) {
    return this.checkIns.list(actor, id, query);
  }

  @Get('graduates/:id/instrument-scores')
  @ApiOkResponse({ description: 'PHQ-9, GAD-7 and BAM scores from the check-in form, oldest first' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  scores(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: ScoresQueryDto) {
    return this.checkIns.scores(actor, id, query.instrument);
  }

  @Get('alerts')
  @ApiOkResponse({ description: 'Open first, urgent first, newest first' })
  listAlerts(@CurrentActor() actor: Actor, @Query() query: AlertListQueryDto) {
    return this.alerts.list(actor, { ...query, mine: query.mine === 'true', page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }

  @Get('alerts/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getAlert(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.alerts.get(actor, id);
  }

  @Patch('alerts/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateAlert(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateAlertDto) {
    return this.alerts.update(actor, id, body);
  }

  @Post('alerts/:id/notes')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  addNote(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: AlertNoteDto) {
    return this.alerts.addNote(actor, id, body.body);
  }
}
