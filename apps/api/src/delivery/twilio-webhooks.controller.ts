import { Body, Controller, Headers, HttpCode, Inject, NotFoundException, Post, Query, Req, Res, ForbiddenException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import twilio from 'twilio';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import { TwilioWebhooks } from '@continuum/delivery';
import { Public } from '../auth/access.decorators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Form = Record<string, string | undefined>;

/**
 * Twilio's status callbacks and inbound texts. Nothing is read before `X-Twilio-Signature` checks
 * out against the public URL from configuration (never the request's Host header, which a proxy
 * or an attacker sets). Twilio retries and bursts, so these routes are not rate limited.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: TwilioWebhooks,
  ) {}

  @Post('status')
  @HttpCode(204)
  async status(@Req() req: Request, @Headers('x-twilio-signature') signature: string | undefined, @Body() body: Form, @Query('d') d?: string): Promise<void> {
    this.verify(req, signature, body);
    if (!body.MessageSid || !body.MessageStatus) return;
    await this.webhooks.status({
      messageSid: body.MessageSid,
      status: body.MessageStatus,
      errorCode: body.ErrorCode ?? null,
      deliveryId: d && UUID.test(d) ? d : null,
    });
  }

  @Post('inbound')
  async inbound(@Req() req: Request, @Res() res: Response, @Headers('x-twilio-signature') signature: string | undefined, @Body() body: Form): Promise<void> {
    this.verify(req, signature, body);
    const response = new twilio.twiml.MessagingResponse();
    if (body.MessageSid && body.From && typeof body.Body === 'string') {
      const { reply } = await this.webhooks.inbound({ messageSid: body.MessageSid, from: body.From, to: body.To ?? null, body: body.Body });
      if (reply) response.message(reply);
    }
    res.status(200).type('text/xml').send(response.toString());
  }

  private verify(req: Request, signature: string | undefined, body: Form): void {
    if (this.config.SMS_TRANSPORT !== 'twilio' || !this.config.TWILIO_AUTH_TOKEN) throw new NotFoundException();
    const url = `${this.config.PUBLIC_BASE_URL}${req.originalUrl}`;
    const params = Object.fromEntries(Object.entries(body ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (!signature || !twilio.validateRequest(this.config.TWILIO_AUTH_TOKEN, signature, url, params)) {
      throw new ForbiddenException('Invalid Twilio signature');
    }
  }
}
