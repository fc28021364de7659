import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TemplatesService } from '@continuum/delivery';
import { type Channel, type Language, type MessageKind, MESSAGE_KINDS, SUPPORTED_LANGUAGES } from '@continuum/domain';
import type { Actor } from '@continuum/people';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor';
import { ErrorResponseDto } from '../common/error-response';
import { ValidationFailedException } from '../common/validation';

class SaveTemplateDto {
  @ApiPropertyOptional({ nullable: true, maxLength: 200, description: 'Email only' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(200)
  subject?: string | null;

  @ApiProperty({ maxLength: 2000, example: 'Hi {{firstName}}, how are you this week? {{link}}' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(2000)
  body!: string;

  @ApiPropertyOptional({ default: false, description: 'Recipients opted into plainer wording: skip the lock-screen word check' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  allowPlainWording?: boolean;
}

function keyOf(kind: string, channel: string, language: string): { kind: MessageKind; channel: Channel; language: Language } {
  const details = [
    ...(!(MESSAGE_KINDS as readonly string[]).includes(kind) ? [{ field: 'kind', reason: `must be one of ${MESSAGE_KINDS.join(', ')}` }] : []),
    ...(!['sms', 'email'].includes(channel) ? [{ field: 'channel', reason: 'must be one of sms, email' }] : []),
    ...(!(SUPPORTED_LANGUAGES as readonly string[]).includes(language) ? [{ field: 'language', reason: `must be one of ${SUPPORTED_LANGUAGES.join(', ')}` }] : []),
  ];
  if (details.length) throw new ValidationFailedException(details);
  return { kind: kind as MessageKind, channel: channel as Channel, language: language as Language };
}

/** Message wording per kind, channel and language; admins change it, everyone reads it and previews a draft. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOkResponse({ description: 'Every kind × channel × language, the organisation’s own or the default, with a preview' })
  list(@CurrentActor() actor: Actor) {
    return this.templates.list(actor);
  }

  @Put(':kind/:channel/:language')
  @Roles('admin')
  @ApiOkResponse({ description: 'Saved' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Unknown variable, lock-screen word, malformed placeholder' })
  save(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Param('channel') channel: string, @Param('language') language: string, @Body() body: SaveTemplateDto) {
    return this.templates.save(actor, keyOf(kind, channel, language), body);
  }

  @Post(':kind/:channel/:language/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The draft as save would keep it, filled with sample values; nothing is saved' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Unknown variable, lock-screen word, malformed placeholder' })
  preview(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Param('channel') channel: string, @Param('language') language: string, @Body() body: SaveTemplateDto) {
    return this.templates.preview(actor, keyOf(kind, channel, language), body);
  }

  @Delete(':kind/:channel/:language')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Back to the default wording' })
  reset(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Param('channel') channel: string, @Param('language') language: string): Promise<void> {
    return this.templates.reset(actor, keyOf(kind, channel, language));
  }
}
