import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor, ContactsService } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { ContactDto, CreateContactDto, UpdateContactDto } from './contact.dto';

/** A graduate's family members and support contacts; reached only under the graduate's consent. */
@ApiTags('contacts')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such graduate or contact in your organisation' })
@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('graduates/:graduateId/contacts')
  @ApiCreatedResponse({ type: ContactDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Neither phone nor email' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'External id already used' })
  create(
    @CurrentActor() actor: Actor,
    @Param('graduateId', uuidPipe('graduateId')) graduateId: string,
    @Body() body: CreateContactDto,
  ): Promise<ContactDto> {
    return this.contacts.create(actor, graduateId, body);
  }

  @Get('graduates/:graduateId/contacts')
  @ApiOkResponse({ type: [ContactDto] })
  list(@CurrentActor() actor: Actor, @Param('graduateId', uuidPipe('graduateId')) graduateId: string): Promise<ContactDto[]> {
    return this.contacts.list(actor, graduateId);
  }

  @Get('contacts/:id')
  @ApiOkResponse({ type: ContactDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<ContactDto> {
    return this.contacts.get(actor, id);
  }

  @Patch('contacts/:id')
  @ApiOkResponse({ type: ContactDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: UpdateContactDto): Promise<ContactDto> {
    return this.contacts.update(actor, id, body);
  }

  @Delete('contacts/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from the list; every consent to reach them is revoked; history is kept' })
  archive(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<void> {
    return this.contacts.archive(actor, id);
  }
}
