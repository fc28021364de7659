import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UnsubscribeService, type UnsubscribeView } from '@continuum/delivery';
import { Public } from '../auth/access.decorators';

const PURPOSE_WORDS: Record<string, string> = {
  check_ins: 'check-in emails',
  meeting_invites: 'meeting invitations',
  family_session_notices: 'session notices',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;
}

/** The unsubscribe link of every email: a page with one button, and RFC 8058 one-click POST. */
@ApiTags('unsubscribe')
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get(':token')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @ApiOkResponse({ description: 'A page asking to confirm' })
  async confirm(@Param('token') token: string): Promise<string> {
    const view = await this.unsubscribe.describe(token);
    return page(
      'Unsubscribe',
      `<p>Stop ${escape(PURPOSE_WORDS[view.purpose] ?? 'these emails')} from ${escape(view.organisationName)}?</p>
       <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  /** Mail clients post `List-Unsubscribe=One-Click` here; the page's button posts the same. */
  @Post(':token')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Unsubscribed (also when already unsubscribed)' })
  async oneClick(@Param('token') token: string): Promise<string> {
    const view: UnsubscribeView = await this.unsubscribe.unsubscribe(token);
    return page('Unsubscribed', `<p>Done. You will not get ${escape(PURPOSE_WORDS[view.purpose] ?? 'these emails')} from ${escape(view.organisationName)} by email any more.</p>`);
  }
}
