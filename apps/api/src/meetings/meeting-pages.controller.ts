import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MeetingResponses } from '@continuum/meetings';
import { Public } from '../auth/access.decorators';
import { formFields, PrivateLinkPage, sendPage } from '../common/private-link-page';

/**
 * A graduate's own meeting pages, from private links: the invitation (`/r/<token>`: answer,
 * change the answer, check in with the room's code) and the one-tap rating (`/f/<token>`).
 * Plain HTML, no JavaScript, no login.
 */
@ApiExcludeController()
@Public()
@Controller()
export class MeetingPagesController {
  constructor(private readonly responses: MeetingResponses) {}

  @Get('r/:token')
  @PrivateLinkPage()
  async invitation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.showInvitation(token));
  }

  @Post('r/:token')
  @PrivateLinkPage()
  async answer(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.submitInvitation(token, formFields(body)));
  }

  @Get('f/:token')
  @PrivateLinkPage()
  async rating(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.showRating(token));
  }

  @Post('f/:token')
  @PrivateLinkPage()
  async rate(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    sendPage(res, await this.responses.submitRating(token, formFields(body)));
  }
}
