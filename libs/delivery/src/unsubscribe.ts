import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONSENT_PURPOSES, type ConsentPurpose } from '@continuum/domain';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { OrganisationEntity } from '@continuum/persistence';
import { ConsentService } from '@continuum/people';
import { optOut } from './delivery-cancellation';

export interface UnsubscribeView {
  organisationName: string;
  purpose: ConsentPurpose;
}

/**
 * The link in every email's footer and List-Unsubscribe header. It stops that purpose on email
 * only (leaving meeting invites does not silence check-ins), works however often it is used, and
 * cancels what was waiting to go.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: LinkTokens,
    private readonly consent: ConsentService,
  ) {}

  async describe(token: string): Promise<UnsubscribeView> {
    const grant = await this.links.inspect(token, LinkPurpose.Unsubscribe);
    return this.view(grant.organisationId, grant.claims.purpose);
  }

  async unsubscribe(token: string): Promise<UnsubscribeView> {
    const grant = await this.links.inspect(token, LinkPurpose.Unsubscribe);
    const purpose = grant.claims.purpose as ConsentPurpose;
    if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose)) throw new Error('unsubscribe link without a purpose');
    const contactId = grant.claims.contactId ?? null;
    await this.dataSource.transaction((manager) =>
      optOut(manager, this.consent, {
        organisationId: grant.organisationId,
        graduateId: grant.subjectId,
        contactId,
        channel: 'email',
        purpose,
        method: 'unsubscribe_link',
        reason: 'unsubscribed',
      }),
    );
    return this.view(grant.organisationId, purpose);
  }

  private async view(organisationId: string, purpose: string): Promise<UnsubscribeView> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: organisationId });
    return { organisationName: organisation.name, purpose: purpose as ConsentPurpose };
  }
}
