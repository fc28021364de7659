import { ApiProperty } from '@nestjs/swagger';
import type { ErrorDetail } from '@continuum/domain';

class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'phone' }) field!: string;
  @ApiProperty({ example: 'must be a valid phone number' }) reason!: string;
}

/** The one shape of every 4xx and 5xx answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'Validation failed' }) message!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details!: ErrorDetail[];
  @ApiProperty({ required: false, description: 'The request id, also in the x-request-id header' })
  requestId?: string;
  @ApiProperty({ required: false, description: 'Given on 500s; quote it when reporting the problem' })
  errorId?: string;
}
