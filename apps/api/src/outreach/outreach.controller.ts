import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ForbiddenError } from '@continuum/domain';
import { CaseloadService, ContactLogService, ConversationService, WorklistService } from '@continuum/outreach';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { PageQueryDto } from '../common/page-query';
import { uuidPipe } from '../common/uuid-param';
import { CaseloadAssignmentDto, ContactLogDto, ReplyDto, WorklistQueryDto } from './outreach.dto';

/** A coordinator's day: the caseload, the worklist, the contact log and conversations by text. */
@ApiTags('outreach')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class OutreachController {
  constructor(
    private readonly caseload: CaseloadService,
    private readonly contacts: ContactLogService,
    private readonly worklist: WorklistService,
    private readonly conversations: ConversationService,
  ) {}

  @Post('caseload/assignments')
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'A graduate or coordinator of another organisation' })
  assign(@CurrentActor() actor: Actor, @Body() body: CaseloadAssignmentDto) {
    return this.caseload.assign(actor, body.coordinatorId, body.graduateIds);
  }

  @Get('worklist')
  @ApiOkResponse({ description: 'What needs a human today, most pressing first, each with its reasons and a link' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: "A coordinator asking for someone else's" })
  list(@CurrentActor() actor: Actor, @Query() query: WorklistQueryDto) {
    const coordinatorId = query.coordinatorId ?? actor.userId;
    if (coordinatorId !== actor.userId && actor.role !== 'admin') throw new ForbiddenError("Only admins see another coordinator's worklist");
    return this.worklist.forCoordinator(actor, coordinatorId);
  }

  @Post('graduates/:id/contact-log')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  log(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: ContactLogDto) {
    return this.contacts.log(actor, id, { ...body, occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined });
  }

  @Get('graduates/:id/contact-log')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  history(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: PageQueryDto) {
    return this.contacts.list(actor, id, query.page ?? 1, query.pageSize ?? 50);
  }

  @Get('graduates/:id/conversation')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'Texts from the graduate (or their contacts) no feature was waiting for, and coordinators’ replies, newest first' })
  conversation(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: PageQueryDto) {
    return this.conversations.thread(actor, id, query.page ?? 1, query.pageSize ?? 50);
  }

  @Post('graduates/:id/conversation')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Empty, too long, a word that could reveal treatment, or no address on the channel' })
  reply(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: ReplyDto) {
    return this.conversations.reply(actor, id, body);
  }
}
