import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { answerPage, answerPageStatus, AnswersService, checkInFormPage, type FormOutcome } from '@continuum/check-ins';
import { Public } from '../auth/access.decorators';
import { formFields, PrivateLinkPage } from '../common/private-link-page';

/**
 * The private check-in form a prompt links to (`/c/<token>`): plain HTML that works without
 * JavaScript and needs no login. The token is single-use and expires when the answer window
 * closes; a used, expired or unknown link gets a page that says which.
 */
@ApiExcludeController()
@Public()
@Controller('c')
export class AnswerFormController {
  constructor(private readonly answers: AnswersService) {}

  @Get(':token')
  @PrivateLinkPage()
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    this.render(res, await this.answers.showForm(token));
  }

  @Post(':token')
  @PrivateLinkPage()
  async submit(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    this.render(res, await this.answers.submitForm(token, formFields(body)));
  }

  private render(res: Response, outcome: FormOutcome): void {
    res.type('html');
    if (outcome.kind === 'form') {
      res.status(200).send(checkInFormPage(outcome.context));
    } else if (outcome.kind === 'problems') {
      res.status(400).send(checkInFormPage({ ...outcome.context, problems: outcome.problems, values: outcome.values }));
    } else {
      const language = outcome.context?.language ?? 'en';
      res.status(answerPageStatus(outcome.kind)).send(answerPage(outcome.kind, language, outcome.context?.organisationName ?? null));
    }
  }
}
