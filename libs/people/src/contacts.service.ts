import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { contactFieldProblems, type ErrorDetail, type Language, type Relationship } from '@continuum/domain';
import { conflictOnUnique, ContactEntity, GraduateEntity } from '@continuum/persistence';
import type { Actor } from './actor';
import { AuditService } from './audit.service';
import { ConsentService } from './consent.service';
import { invalid, normaliseContactPoints } from './contact-points';
import { findContact, findGraduate } from './lookups';

export interface ContactInput {
  externalId?: string | null;
  name: string;
  relationship: Relationship;
  phone?: string | null;
  email?: string | null;
  /** Defaults to the graduate's. */
  language?: Language;
  /** Defaults to the graduate's. */
  timezone?: string;
}

export interface ContactView {
  id: string;
  graduateId: string;
  externalId: string | null;
  name: string;
  relationship: Relationship;
  phone: string | null;
  email: string | null;
  language: Language;
  timezone: string;
  createdAt: string;
  updatedAt: string;
}

const SUBJECT = 'contact';

/** Family members and support contacts of one organisation's graduates. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly consent: ConsentService,
  ) {}

  async create(actor: Actor, graduateId: string, input: ContactInput): Promise<ContactView> {
    return this.dataSource.transaction(async (manager) => {
      const graduate = await findGraduate(manager, actor.organisationId, graduateId);
      const values = prepare(input, graduate);
      const saved = await save(manager, manager.create(ContactEntity, { ...values, organisationId: actor.organisationId, graduateId }));
      await this.audit.record(actor, 'contact.create', { type: SUBJECT, id: saved.id }, { graduateId }, manager);
      return toContactView(saved);
    });
  }

  async list(actor: Actor, graduateId: string): Promise<ContactView[]> {
    await findGraduate(this.dataSource.manager, actor.organisationId, graduateId);
    const rows = await this.dataSource.getRepository(ContactEntity).find({
      where: { organisationId: actor.organisationId, graduateId, archivedAt: IsNull() },
      order: { name: 'ASC', id: 'ASC' },
    });
    await this.audit.record(actor, 'contact.list', { type: 'graduate', id: graduateId }, { returned: rows.map((r) => r.id) });
    return rows.map(toContactView);
  }

  async get(actor: Actor, id: string): Promise<ContactView> {
    const contact = await findContact(this.dataSource.manager, actor.organisationId, id);
    await this.audit.record(actor, 'contact.read', { type: SUBJECT, id });
    return toContactView(contact);
  }

  async update(actor: Actor, id: string, changes: Partial<ContactInput>): Promise<ContactView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await findContact(manager, actor.organisationId, id, true);
      const graduate = await findGraduate(manager, actor.organisationId, current.graduateId);
      const values = prepare({ ...toInput(current), ...changes }, graduate);
      const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => values[key] !== current[key]);
      Object.assign(current, values);
      const saved = changed.length ? await save(manager, current) : current;
      await this.audit.record(actor, 'contact.update', { type: SUBJECT, id }, { fields: changed }, manager);
      return toContactView(saved);
    });
  }

  /**
   * Removes a contact from the graduate's list and revokes every consent to reach them. The row
   * stays (archived), because the consent history that names it is evidence and is kept.
   */
  async archive(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const contact = await findContact(manager, actor.organisationId, id, true);
      await manager.update(ContactEntity, { id }, { archivedAt: new Date() });
      await this.consent.revokeAllFor(
        { organisationId: actor.organisationId, graduateId: contact.graduateId, recipient: { type: 'contact', contactId: id } },
        { method: 'staff_action', recordedBy: actor.userId },
        manager,
      );
      await this.audit.record(actor, 'contact.archive', { type: SUBJECT, id }, { graduateId: contact.graduateId }, manager);
    });
  }
}

/** The API's contact rules (the same `contactFieldProblems` the CSV import applies), then normalisation. */
function prepare(input: ContactInput, graduate: GraduateEntity) {
  const problems: ErrorDetail[] = contactFieldProblems(input);
  if (problems.length) throw invalid('Contact', problems);
  const { phone, email } = normaliseContactPoints(input, problems);
  if (!phone && !email) problems.push({ field: 'phone', reason: 'a contact needs a phone number or an email address' });
  if (problems.length) throw invalid('Contact', problems);
  return {
    externalId: input.externalId?.trim() || null,
    name: input.name.trim(),
    relationship: input.relationship,
    phone,
    email,
    language: input.language ?? graduate.language,
    timezone: input.timezone ?? graduate.timezone,
  };
}

function save(manager: EntityManager, contact: ContactEntity): Promise<ContactEntity> {
  return conflictOnUnique(() => manager.save(ContactEntity, contact), {
    constraint: 'uq_contact_external_id',
    field: 'externalId',
    message: 'A contact with this external id exists',
    reason: 'is already used by another contact',
  });
}

function toInput(c: ContactEntity): ContactInput {
  return {
    externalId: c.externalId,
    name: c.name,
    relationship: c.relationship,
    phone: c.phone,
    email: c.email,
    language: c.language,
    timezone: c.timezone,
  };
}

export function toContactView(c: ContactEntity): ContactView {
  return {
    id: c.id,
    graduateId: c.graduateId,
    externalId: c.externalId,
    name: c.name,
    relationship: c.relationship,
    phone: c.phone,
    email: c.email,
    language: c.language,
    timezone: c.timezone,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
