import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, DomainErrorCode } from '@continuum/domain';
import { csvLine, EngagementOutcomes, EngagementReports, EngagementService, EVENT_CSV_HEADER, type FollowUpReport, type OutcomesReport, RETENTION_DAYS, type RatesRow, type RetentionRow } from '@continuum/engagement';
import type { Actor } from '@continuum/people';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { uuidPipe } from '../common/uuid-param';
import { EventsExportQueryDto, FollowUpQueryDto, RatesQueryDto, RetentionQueryDto, TimelineQueryDto } from './engagement.dto';

const MAX_RANGE_DAYS = 3 * 366;
const RATE_NAMES = ['checkInResponse', 'meetingAttendance', 'familySessionAttendance', 'deliveryFailure', 'optOut'] as const;

function checkRange(fromField: string, from: string, toField: string, to: string): void {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0) throw new DomainError(DomainErrorCode.Invalid, 'Bad range', [{ field: toField, reason: `must not be before ${fromField}` }]);
  if (span > MAX_RANGE_DAYS) throw new DomainError(DomainErrorCode.Invalid, 'Bad range', [{ field: toField, reason: `must be at most ${MAX_RANGE_DAYS} days after ${fromField}` }]);
}

function sendCsv(res: Response, name: string, lines: string[]): void {
  res.status(200).type('text/csv').attachment(name).send(lines.join(''));
}

/** Engagement over time: a graduate's timeline and score, and the organisation's reports (JSON or CSV). */
@ApiTags('engagement')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class EngagementController {
  constructor(
    private readonly engagement: EngagementService,
    private readonly reports: EngagementReports,
    private readonly outcomes: EngagementOutcomes,
  ) {}

  @Get('graduates/:id/timeline')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'Touchpoints, newest first' })
  timeline(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string, @Query() query: TimelineQueryDto) {
    return this.engagement.timeline(actor, id, {
      kinds: query.kind,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  @Get('graduates/:id/engagement')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiOkResponse({ description: 'The latest score, its daily history and the at-risk flags raised' })
  score(@CurrentActor() actor: Actor, @Param('id', uuidPipe('id')) id: string) {
    return this.engagement.engagement(actor, id);
  }

  @Get('reports/rates')
  @ApiProduces('application/json', 'text/csv')
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async rates(@CurrentActor() actor: Actor, @Query() query: RatesQueryDto, @Res({ passthrough: true }) res: Response): Promise<RatesRow[] | undefined> {
    checkRange('from', query.from, 'to', query.to);
    const rows = await this.reports.rates(actor, { from: query.from, to: query.to, programId: query.programId, cohort: query.cohort, groupBy: query.groupBy ?? 'organisation' });
    if (query.format !== 'csv') return rows;
    const header = ['group', ...RATE_NAMES.flatMap((n) => [`${n}Numerator`, `${n}Denominator`, `${n}Rate`])];
    sendCsv(res, 'rates.csv', [csvLine(header), ...rows.map((r) => csvLine([r.group, ...RATE_NAMES.flatMap((n) => [r[n].numerator, r[n].denominator, r[n].rate])]))]);
    return undefined;
  }

  @Get('reports/retention')
  @ApiProduces('application/json', 'text/csv')
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async retention(@CurrentActor() actor: Actor, @Query() query: RetentionQueryDto, @Res({ passthrough: true }) res: Response): Promise<RetentionRow[] | undefined> {
    checkRange('dischargedFrom', query.dischargedFrom, 'dischargedTo', query.dischargedTo);
    const rows = await this.reports.retention(actor, query);
    if (query.format !== 'csv') return rows;
    const days = RETENTION_DAYS.map((n) => `d${n}` as const);
    const header = ['cohort', 'graduates', ...days.flatMap((d) => [`${d}Reached`, `${d}Engaged`, `${d}Rate`])];
    sendCsv(res, 'retention.csv', [csvLine(header), ...rows.map((r) => csvLine([r.cohort, r.graduates, ...days.flatMap((d) => [r.days[d].denominator, r.days[d].numerator, r.days[d].rate])]))]);
    return undefined;
  }

  @Get('reports/follow-up')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The 6-month follow-up window (5–8 months after intake) of each graduate discharged in the range, and the share reached' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async followUp(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto, @Res({ passthrough: true }) res: Response): Promise<FollowUpReport | undefined> {
    checkRange('dischargedFrom', query.dischargedFrom, 'dischargedTo', query.dischargedTo);
    const report = await this.outcomes.followUp(actor, query);
    const graduates = query.status ? report.graduates.filter((g) => g.status === query.status) : report.graduates;
    if (query.format !== 'csv') return { ...report, graduates };
    const header = ['graduateId', 'externalId', 'firstName', 'intake', 'opens', 'closes', 'status', 'reachedAt'];
    sendCsv(res, 'follow-up.csv', [csvLine(header), ...graduates.map((g) => csvLine([g.graduateId, g.externalId, g.firstName, g.intake, g.opens, g.closes, g.status, g.reachedAt]))]);
    return undefined;
  }

  @Get('reports/outcomes')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'No use reported in the last 30 days, and PHQ-9, GAD-7 and BAM from first to latest' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async outcomesReport(@CurrentActor() actor: Actor, @Query() query: RetentionQueryDto, @Res({ passthrough: true }) res: Response): Promise<OutcomesReport | undefined> {
    checkRange('dischargedFrom', query.dischargedFrom, 'dischargedTo', query.dischargedTo);
    const report = await this.outcomes.outcomes(actor, query);
    if (query.format !== 'csv') return report;
    const lines = [csvLine(['measure', 'graduates', 'count', 'share', 'firstMean', 'latestMean', 'meanChange'])];
    lines.push(csvLine(['no_use_30d', report.useReported, report.noUse, report.noUseShare, null, null, null]));
    for (const [name, m] of Object.entries(report.instruments)) lines.push(csvLine([name, m.graduates, null, null, m.firstMean, m.latestMean, m.meanChange]));
    sendCsv(res, 'outcomes.csv', lines);
    return undefined;
  }

  @Get('reports/engagement-events.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every touchpoint in [from, to), streamed' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async events(@CurrentActor() actor: Actor, @Query() query: EventsExportQueryDto, @Res() res: Response): Promise<void> {
    checkRange('from', query.from, 'to', query.to);
    const { stream, release } = await this.reports.eventsCsv(actor, { from: new Date(query.from), to: new Date(query.to) });
    res.status(200).type('text/csv').attachment('engagement-events.csv');
    res.write(csvLine(EVENT_CSV_HEADER));
    const toCsv = new Transform({
      objectMode: true,
      transform(row: { occurred_at: Date; graduate_id: string; external_id: string | null; kind: string; ref_id: string | null }, _enc, done) {
        done(null, csvLine([new Date(row.occurred_at).toISOString(), row.graduate_id, row.external_id, row.kind, row.ref_id]));
      },
    });
    try {
      await pipeline(stream, toCsv, res);
    } finally {
      await release();
    }
  }
}
