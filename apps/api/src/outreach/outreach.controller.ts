import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ForbiddenError } from '@continuum/domain';
import { BroadcastsService, CaseloadService, ContactLogService, ConversationService, WorklistService } from '@continuum/outreach';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { PageQueryDto } from '../common/page-query';
import { uuidPipe } from '../common/uuid-param';
import { CaseloadAssignmentDto, ContactLogDto, CreateBroadcastDto, ReplyDto, SendBroadcastDto, WorklistQueryDto } from './outreach.dto';

/** A coordinator's day: the caseload, the worklist, the contact log, conversations by text and broadcasts. */
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
    private readonly broadcasts: BroadcastsService,
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

  @Post('broadcasts')
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'An empty message, a word that could reveal treatment, a bad segment' })
  @ApiOkResponse({ description: 'The draft, with how many it would reach after consent and opt-outs, and a preview' })
  createBroadcast(@CurrentActor() actor: Actor, @Body() body: CreateBroadcastDto) {
    return this.broadcasts.create(actor, body);
  }

  @Get('broadcasts')
  listBroadcasts(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.broadcasts.list(actor, query.page ?? 1, query.pageSize ?? 50);
  }

  @Get('broadcasts/:id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'A draft with its audience and preview, or a sent one with its report (sent, delivered, failed, opted out, replies)' })
  broadcast(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.broadcasts.get(actor, id);
  }

  @Post('broadcasts/:id/send')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already sent or cancelled' })
  send(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: SendBroadcastDto) {
    return this.broadcasts.send(actor, id, body.sendAt ? new Date(body.sendAt) : null);
  }

  @Post('broadcasts/:id/cancel')
  @HttpCode(200)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'Everything not yet handed to a provider is cancelled' })
  cancelBroadcast(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.broadcasts.cancel(actor, id);
  }
}
