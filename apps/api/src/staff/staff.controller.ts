import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type StaffAuditWriter, StaffService } from '@continuum/identity';
import { type Actor, AuditService } from '@continuum/people';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { CreateStaffDto, ListStaffQueryDto, ResetStaffPasswordDto, StaffDto, UpdateStaffDto } from './staff.dto';

/** Admins manage their organisation's staff accounts; every change is audited with the change. */
@ApiTags('staff')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Admins only' })
@Roles('admin')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [StaffDto], description: 'Ordered by email; disabled accounts only when asked' })
  list(@CurrentActor() actor: Actor, @Query() query: ListStaffQueryDto): Promise<StaffDto[]> {
    return this.staff.list(actor, { includeDisabled: query.includeDisabled === 'true' });
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string): Promise<StaffDto> {
    return this.staff.get(actor, id);
  }

  @Post()
  @ApiCreatedResponse({ type: StaffDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Email already used by a staff account' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(actor, body, this.auditAs(actor));
  }

  @Patch(':id')
  @ApiOkResponse({ type: StaffDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Would disable or demote yourself, or the last enabled admin' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() body: UpdateStaffDto,
  ): Promise<StaffDto> {
    return this.staff.update(actor, id, body, this.auditAs(actor));
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password set; every session of that staff member ended, any lockout lifted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe('id')) id: string,
    @Body() body: ResetStaffPasswordDto,
  ): Promise<void> {
    await this.staff.resetPassword(actor, id, body.password, this.auditAs(actor));
  }

  /** The audit log lives in libs/people; the service calls this inside its transaction. */
  private auditAs(actor: Actor): StaffAuditWriter {
    return (entry, manager) => this.audit.record(actor, entry.action, { type: 'staff', id: entry.staffId }, entry.detail, manager);
  }
}
