import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@continuum/domain';
import { MeetingOccurrencesService, MeetingSeriesService, type SeriesInput } from '@continuum/meetings';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { PageQueryDto } from '../common/page-query';
import { uuidPipe } from '../common/uuid-param';
import { AttendanceDto, ChangeOccurrenceDto, CreateMeetingSeriesDto, OccurrenceRangeDto, toAudience, UpdateMeetingSeriesDto } from './meeting.dto';

const MAX_RANGE_MS = 400 * 86_400_000;

/**
 * Alumni meetings for coordinators: series (rule, place, audience), their occurrences on a
 * calendar, moving or cancelling one, sending its invitations now, and the roster.
 */
@ApiTags('meetings')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class MeetingsController {
  constructor(
    private readonly series: MeetingSeriesService,
    private readonly occurrences: MeetingOccurrencesService,
  ) {}

  @Post('meeting-series')
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Bad rule, zone, duration, place or audience' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateMeetingSeriesDto) {
    return this.series.create(actor, { ...body, audience: toAudience(body.audience) } as SeriesInput);
  }

  @Get('meeting-series')
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.series.list(actor, query.page ?? 1, query.pageSize ?? 50);
  }

  @Get('meeting-series/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.series.get(actor, id);
  }

  @Patch('meeting-series/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The series is cancelled' })
  @ApiOkResponse({ description: 'A new time or place moves every future occurrence; those already invited get one notice' })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateMeetingSeriesDto) {
    const { audience, ...rest } = body;
    return this.series.update(actor, id, { ...rest, ...(audience ? { audience: toAudience(audience) } : {}) } as Partial<SeriesInput>);
  }

  @Post('meeting-series/:id/cancel')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'Every future occurrence is cancelled; pending messages stop and those already invited get one notice' })
  cancelSeries(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.series.cancel(actor, id);
  }

  @Get('meeting-occurrences')
  @ApiOkResponse({ description: 'Occurrences starting in [from, to), at most 500' })
  calendar(@CurrentActor() actor: Actor, @Query() query: OccurrenceRangeDto) {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to.getTime() <= from.getTime()) throw new DomainError(DomainErrorCode.Invalid, 'Bad range', [{ field: 'to', reason: 'must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new DomainError(DomainErrorCode.Invalid, 'Bad range', [{ field: 'to', reason: 'must be at most 400 days after from' }]);
    return this.occurrences.list(actor, { from, to, seriesId: query.seriesId });
  }

  @Get('meeting-occurrences/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  occurrence(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.occurrences.get(actor, id);
  }

  @Patch('meeting-occurrences/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'Moves this occurrence; reminders are re-planned and those already invited get one notice' })
  change(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: ChangeOccurrenceDto) {
    return this.occurrences.change(actor, id, body);
  }

  @Post('meeting-occurrences/:id/cancel')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  cancelOccurrence(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.occurrences.cancel(actor, id);
  }

  @Post('meeting-occurrences/:id/invitations')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Cancelled or already started' })
  @ApiOkResponse({ description: 'Invites the audience now (anyone already invited is left alone)' })
  invite(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.occurrences.inviteNow(actor, id);
  }

  @Get('meeting-occurrences/:id/roster')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  roster(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.occurrences.roster(actor, id);
  }

  @Put('meeting-occurrences/:id/attendance')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A graduate of another organisation, a repeat, or too early' })
  attendance(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: AttendanceDto) {
    return this.occurrences.markAttendance(actor, id, body.records);
  }
}
