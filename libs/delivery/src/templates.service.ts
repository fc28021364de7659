import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@continuum/config';
import {
  type Channel,
  DEFAULT_SENSITIVE_WORDS,
  defaultTemplate,
  DomainError,
  DomainErrorCode,
  type Language,
  type MessageKind,
  MESSAGE_KINDS,
  SAMPLE_VARIABLES,
  SUPPORTED_LANGUAGES,
  templatePreview,
  templateProblems,
} from '@continuum/domain';
import { MessageTemplateEntity } from '@continuum/persistence';
import { type Actor, AuditService } from '@continuum/people';

export interface TemplateView {
  kind: MessageKind;
  channel: Channel;
  language: Language;
  subject: string | null;
  body: string;
  allowPlainWording: boolean;
  isDefault: boolean;
  /** The body filled with long sample values; for SMS, how many segments it takes. */
  preview: { text: string; segments: number | null; encoding: string | null };
}

export interface TemplateKey {
  kind: MessageKind;
  channel: Channel;
  language: Language;
}

export interface TemplateInput {
  subject?: string | null;
  body: string;
  allowPlainWording?: boolean;
}

/** An organisation's wording for each message, checked when saved or previewed (variables, lock-screen words, subject). */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor): Promise<TemplateView[]> {
    const own = await this.dataSource.getRepository(MessageTemplateEntity).findBy({ organisationId: actor.organisationId });
    const views: TemplateView[] = [];
    for (const kind of MESSAGE_KINDS) {
      for (const channel of ['sms', 'email'] as const) {
        for (const language of SUPPORTED_LANGUAGES) {
          const saved = own.find((t) => t.kind === kind && t.channel === channel && t.language === language);
          const template = saved ?? { ...defaultTemplate(kind, channel, language), allowPlainWording: false };
          views.push(view(kind, channel, language, template, !saved));
        }
      }
    }
    return views;
  }

  async save(actor: Actor, key: TemplateKey, input: TemplateInput): Promise<TemplateView> {
    const template = this.checked(key, input);
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(MessageTemplateEntity)
        .values({ organisationId: actor.organisationId, ...key, ...template, updatedBy: actor.userId })
        .orUpdate(['subject', 'body', 'allow_plain_wording', 'updated_by', 'updated_at'], ['organisation_id', 'kind', 'channel', 'language'])
        .execute();
      await this.audit.record(actor, 'template.save', { type: 'template', id: null }, { ...key, allowPlainWording: template.allowPlainWording }, manager);
    });
    return view(key.kind, key.channel, key.language, template, false);
  }

  /** A draft as `save` would keep it, checked by the same rules and filled with sample values; nothing is written. */
  async preview(_actor: Actor, key: TemplateKey, input: TemplateInput): Promise<TemplateView> {
    return view(key.kind, key.channel, key.language, this.checked(key, input), false);
  }

  async reset(actor: Actor, key: TemplateKey): Promise<void> {
    await this.dataSource.getRepository(MessageTemplateEntity).delete({ organisationId: actor.organisationId, ...key });
    await this.audit.record(actor, 'template.reset', { type: 'template', id: null }, { ...key });
  }

  /** The wording as it would be stored, or a 422 naming every problem: unknown variables, lock-screen words, a subject where none belongs. */
  private checked(key: TemplateKey, input: TemplateInput): { subject: string | null; body: string; allowPlainWording: boolean } {
    const subject = key.channel === 'email' ? (input.subject ?? '') : null;
    const allowPlainWording = input.allowPlainWording ?? false;
    const problems = templateProblems({
      ...key,
      subject: subject ?? undefined,
      body: input.body,
      allowPlainWording,
      sensitiveWords: [...DEFAULT_SENSITIVE_WORDS, ...this.config.TEMPLATE_EXTRA_SENSITIVE_WORDS],
    });
    if (key.channel === 'sms' && input.subject) problems.push({ field: 'subject', reason: 'an SMS has no subject' });
    if (problems.length) throw new DomainError(DomainErrorCode.Invalid, 'Template refused', problems);
    return { subject, body: input.body, allowPlainWording };
  }
}

function view(
  kind: MessageKind,
  channel: Channel,
  language: Language,
  t: { subject: string | null; body: string; allowPlainWording: boolean },
  isDefault: boolean,
): TemplateView {
  const preview = templatePreview(kind, channel, t.body, SAMPLE_VARIABLES);
  return {
    kind,
    channel,
    language,
    subject: t.subject,
    body: t.body,
    allowPlainWording: t.allowPlainWording,
    isDefault,
    preview: { text: preview.text, segments: preview.segments?.segments ?? null, encoding: preview.segments?.encoding ?? null },
  };
}
