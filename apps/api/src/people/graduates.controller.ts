import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor, GraduatesService } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { AssignCoordinatorDto, CreateGraduateDto, GraduateDto, GraduatePageDto, ListGraduatesQueryDto, UpdateGraduateDto } from './graduate.dto';

/** Coordinators and admins manage their organisation's graduates; every read and change is audited. */
@ApiTags('graduates')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('graduates')
export class GraduatesController {
  constructor(private readonly graduates: GraduatesService) {}

  @Post()
  @ApiCreatedResponse({ type: GraduateDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Fields disagree (e.g. discharge before admission)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'External id already used' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateGraduateDto): Promise<GraduateDto> {
    return this.graduates.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: GraduatePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListGraduatesQueryDto): Promise<GraduatePageDto> {
    return this.graduates.list(actor, { ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }

  @Get(':id')
  @ApiOkResponse({ type: GraduateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<GraduateDto> {
    return this.graduates.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: GraduateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() body: UpdateGraduateDto,
  ): Promise<GraduateDto> {
    return this.graduates.update(actor, id, body);
  }

  @Put(':id/coordinator')
  @ApiOkResponse({ type: GraduateDto, description: "The graduate's alerts now go to this coordinator" })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Not an enabled staff member of this organisation' })
  assignCoordinator(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Body() body: AssignCoordinatorDto): Promise<GraduateDto> {
    return this.graduates.assignCoordinator(actor, id, body.coordinatorId);
  }
}
