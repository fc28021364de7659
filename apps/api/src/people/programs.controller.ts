import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { StaffPrincipal } from '@continuum/identity';
import { ProgramsService } from '@continuum/people';
import { Principal } from '../auth/access.decorators';
import { ErrorResponseDto } from '../common/error-response';

class CreateProgramDto {
  @ApiProperty({ example: 'Evening IOP', maxLength: 100 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  name!: string;
}

class ProgramDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Post()
  @ApiCreatedResponse({ type: ProgramDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  create(@Principal() principal: StaffPrincipal, @Body() body: CreateProgramDto): Promise<ProgramDto> {
    return this.programs.create(principal.organisationId, body.name);
  }

  @Get()
  @ApiOkResponse({ type: [ProgramDto] })
  list(@Principal() principal: StaffPrincipal): Promise<ProgramDto[]> {
    return this.programs.list(principal.organisationId);
  }
}
