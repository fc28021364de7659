import { Controller, createParamDecorator, ExecutionContext, HttpCode, HttpException, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request } from 'express';
import { type Actor, ContactImportService, GraduateImportService } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';

class GraduateImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Validate and count only; nothing is written' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  dryRun?: 'true' | 'false';
}

class GraduateImportErrorDto {
  @ApiProperty({ example: 3, description: 'Data row, 1-based; the header row is not counted' }) row!: number;
  @ApiProperty({ nullable: true, type: String, example: 'EHR-1042' }) externalId!: string | null;
  @ApiProperty({ example: 'phone', description: 'A column, or "row" when the row itself cannot be read' }) field!: string;
  @ApiProperty({ example: 'is not a valid phone number for its country' }) reason!: string;
}

class GraduateImportReportDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Data rows in the file (blank rows not counted)' }) total!: number;
  @ApiProperty({ description: 'New graduates (in a dry run: that would be created)' }) created!: number;
  @ApiProperty({ description: 'Graduates matched by externalId whose record changed' }) updated!: number;
  @ApiProperty({ description: 'Graduates matched by externalId whose record is already as in the file' }) unchanged!: number;
  @ApiProperty({ description: 'Rows refused; each reason is in errors' }) failed!: number;
  @ApiProperty({ type: [GraduateImportErrorDto] }) errors!: GraduateImportErrorDto[];
}

const CSV_EXAMPLE = [
  'externalId,firstName,lastName,program,dischargeDate,timezone,phone,email,preferredChannels',
  'EHR-1042,Jordan,Rivera,Evening IOP,2026-03-27,America/Chicago,(213) 373-4253,jordan@example.org,sms;email',
].join('\n');

/** The body of a `text/csv` request (the CSV parser has read it); 415 for any other content type. */
const CsvBody = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<Request>();
  const mediaType = (request.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'text/csv') {
    throw new HttpException(
      {
        message: 'Send the file as CSV with Content-Type: text/csv',
        details: [{ field: 'content-type', reason: mediaType ? `must be text/csv, not ${mediaType}` : 'must be text/csv' }],
      },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  return typeof request.body === 'string' ? request.body : '';
});

/** Coordinators and admins import their organisation's graduates from a CSV export. */
@ApiTags('graduates')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('graduates')
export class GraduateImportController {
  constructor(private readonly imports: GraduateImportService) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import graduates from a CSV file',
    description: [
      'The first row names the columns: externalId, firstName, lastName, preferredName, programId or program (a program name),',
      'admissionDate, dischargeDate, timezone, phone, email, preferredChannels (separated by ";" or "|"), contactHoursStart,',
      'contactHoursEnd, language, status, notes. Names are matched ignoring case, spaces and underscores (`First Name`, `external_id`).',
      'Every row is checked with the rules of POST /graduates; good rows are saved (in one transaction), bad rows are reported',
      'by row, field and reason.\n\n',
      'Re-importing is idempotent by externalId: a row whose externalId this organisation already has updates that graduate',
      '(columns absent from the file are left as they are), or leaves it unchanged. **Rows without an externalId are always',
      'created as new graduates**, so importing such a file twice makes duplicates. An externalId may appear once per file.',
      'A blank cell clears the field, except status and language, which keep their current value (default for a new graduate).',
      'Up to 5 MB per request (about 10,000 rows or more).',
    ].join(' '),
  })
  @ApiConsumes('text/csv')
  @ApiBody({ required: true, description: 'The CSV file, UTF-8 unless the charset says otherwise', schema: { type: 'string', example: CSV_EXAMPLE } })
  @ApiOkResponse({ type: GraduateImportReportDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The file cannot be read: malformed CSV, no header row, an unknown or repeated column' })
  @ApiResponse({ status: HttpStatus.PAYLOAD_TOO_LARGE, type: ErrorResponseDto, description: 'Body over 5 MB' })
  @ApiResponse({ status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, type: ErrorResponseDto, description: 'Content-Type is not text/csv' })
  import(@CurrentActor() actor: Actor, @CsvBody() csv: string, @Query() query: GraduateImportQueryDto): Promise<GraduateImportReportDto> {
    return this.imports.import(actor, csv, { dryRun: query.dryRun === 'true' });
  }
}

const CONTACT_CSV_EXAMPLE = [
  'graduateExternalId,externalId,name,relationship,phone,email,language,timezone',
  'EHR-1042,EHR-1042-C1,Rosa Rivera,parent,(213) 373-4254,,es,',
].join('\n');

/** Family and support contacts from the same spreadsheet or EHR export, matched to graduates by their external id. */
@ApiTags('contacts')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('contacts')
export class ContactImportController {
  constructor(private readonly imports: ContactImportService) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import family and support contacts from a CSV file',
    description: [
      'The first row names the columns: graduateExternalId and externalId (both required), name, relationship, phone, email,',
      'language, timezone. Each row is checked with the rules of POST /graduates/{id}/contacts; the graduate is found by its',
      'externalId. Re-importing is idempotent by the contact externalId: a known contact of the same graduate is updated (columns',
      'absent from the file are left as they are) or left unchanged. A blank language or timezone takes the graduate\'s.',
      'Consent is never imported: record it per contact, with what the graduate was shown.',
    ].join(' '),
  })
  @ApiConsumes('text/csv')
  @ApiBody({ required: true, description: 'The CSV file, UTF-8 unless the charset says otherwise', schema: { type: 'string', example: CONTACT_CSV_EXAMPLE } })
  @ApiOkResponse({ type: GraduateImportReportDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The file cannot be read: malformed CSV, no header row, an unknown, repeated or missing column' })
  @ApiResponse({ status: HttpStatus.PAYLOAD_TOO_LARGE, type: ErrorResponseDto, description: 'Body over 5 MB' })
  @ApiResponse({ status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, type: ErrorResponseDto, description: 'Content-Type is not text/csv' })
  import(@CurrentActor() actor: Actor, @CsvBody() csv: string, @Query() query: GraduateImportQueryDto): Promise<GraduateImportReportDto> {
    return this.imports.import(actor, csv, { dryRun: query.dryRun === 'true' });
  }
}
