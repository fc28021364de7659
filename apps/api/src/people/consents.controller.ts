import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { recipientOf } from '@continuum/domain';
import { type Actor, ConsentService } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { ConsentOverviewDto, ConsentRecordDto, GrantConsentDto, RevocationResultDto, RevokeConsentDto } from './consent.dto';

/** A graduate's consents (42 CFR Part 2 §2.31): append-only; the latest record decides. */
@ApiTags('consents')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such graduate or contact in your organisation' })
@Controller('graduates/:graduateId/consents')
export class ConsentsController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @ApiOkResponse({ type: ConsentOverviewDto })
  overview(@CurrentActor() actor: Actor, @Param('graduateId', uuidPipe('graduateId')) graduateId: string): Promise<ConsentOverviewDto> {
    return this.consent.overview(actor, graduateId);
  }

  @Post()
  @ApiCreatedResponse({ type: ConsentRecordDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Not a consent §2.31 would recognise (no expiry for a contact, no text, ...)' })
  grant(
    @CurrentActor() actor: Actor,
    @Param('graduateId', uuidPipe('graduateId')) graduateId: string,
    @Body() body: GrantConsentDto,
  ): Promise<ConsentRecordDto> {
    const { contactId, expiresAt, ...entry } = body;
    return this.consent.grantByStaff(actor, graduateId, recipientOf(contactId), {
      ...entry,
      expiresAt: expiresAt ? new Date(expiresAt) : null,
    });
  }

  @Post('revocations')
  @HttpCode(200)
  @ApiOkResponse({ type: RevocationResultDto })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('graduateId', uuidPipe('graduateId')) graduateId: string,
    @Body() body: RevokeConsentDto,
  ): Promise<RevocationResultDto> {
    const { contactId, ...scope } = body;
    return { revoked: await this.consent.revokeByStaff(actor, graduateId, recipientOf(contactId), scope) };
  }
}
