import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators';
import { ErrorResponseDto } from '../common/error-response';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'Postgres and Redis both answer' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Postgres or Redis does not answer' })
  check() {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 1_500 }),
      () => this.redis.isHealthy('redis'),
    ]);
  }
}
