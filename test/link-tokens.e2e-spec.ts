import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LinkGoneError, NotFoundError } from '@continuum/domain';
import { LinkPurpose, LinkTokens } from '@continuum/identity';
import { createOrganisation, testConfig } from '@continuum/testing';
import { startApi } from './support/apps';

describe('link tokens', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let links: LinkTokens;
  let organisationId: string;

  beforeAll(async () => {
    app = await startApi(testConfig());
    dataSource = app.get(getDataSourceToken());
    links = app.get(LinkTokens);
    organisationId = (await createOrganisation(dataSource)).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  const issue = (overrides: Partial<Parameters<LinkTokens['issue']>[0]> = {}) =>
    links.issue({ organisationId, purpose: LinkPurpose.CheckInAnswer, subjectId: randomUUID(), ttlSeconds: 3600, ...overrides });

  it('makes unguessable tokens and keeps only their hash', async () => {
    const a = await issue();
    const b = await issue();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    const rows: Record<string, unknown>[] = await dataSource.query('SELECT * FROM link_token');
    expect(JSON.stringify(rows)).not.toContain(a.token);
    const hashes = rows.map((r) => (r.token_hash as Buffer).toString('hex'));
    expect(hashes).toContain(createHash('sha256').update(a.token).digest('hex'));
  });

  it('grants its subject and claims to the purpose it was made for', async () => {
    const subjectId = randomUUID();
    const { token } = await issue({ subjectId, claims: { channel: 'sms' } });
    await expect(links.inspect(token, LinkPurpose.CheckInAnswer)).resolves.toMatchObject({ organisationId, subjectId, claims: { channel: 'sms' } });
  });

  it('refuses a token made for another purpose exactly like an unknown one', async () => {
    const { token } = await issue({ purpose: LinkPurpose.Unsubscribe });
    await expect(links.inspect(token, LinkPurpose.CheckInAnswer)).rejects.toThrow(NotFoundError);
    await expect(links.consume(token, LinkPurpose.ConsentForm)).rejects.toThrow(NotFoundError);
    await expect(links.inspect('x'.repeat(43), LinkPurpose.CheckInAnswer)).rejects.toThrow(NotFoundError);
    await expect(links.inspect('not a token', LinkPurpose.CheckInAnswer)).rejects.toThrow(NotFoundError);
    // The wrong-purpose attempts did not spend it.
    await expect(links.consume(token, LinkPurpose.Unsubscribe)).resolves.toMatchObject({ purpose: 'unsubscribe' });
  });

  it('is spent once: of two racing submissions exactly one succeeds', async () => {
    const { token } = await issue();
    const results = await Promise.allSettled([links.consume(token, LinkPurpose.CheckInAnswer), links.consume(token, LinkPurpose.CheckInAnswer)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(LinkGoneError);
    await expect(links.inspect(token, LinkPurpose.CheckInAnswer)).rejects.toThrow(LinkGoneError);
  });

  it('stays usable when the action it guards fails, because it is spent in that transaction', async () => {
    const { token } = await issue();
    await expect(
      dataSource.transaction(async (manager) => {
        await links.consume(token, LinkPurpose.CheckInAnswer, manager);
        throw new Error('the answer could not be saved');
      }),
    ).rejects.toThrow('the answer could not be saved');
    await expect(links.consume(token, LinkPurpose.CheckInAnswer)).resolves.toMatchObject({ organisationId });
  });

  it('expires', async () => {
    const { token } = await issue({ ttlSeconds: 1 });
    await expect(links.inspect(token, LinkPurpose.CheckInAnswer, new Date(Date.now() + 2000))).rejects.toThrow(LinkGoneError);
    await dataSource.query(`UPDATE link_token SET expires_at = now() - interval '1 second' WHERE expires_at < now() + interval '2 seconds'`);
    await expect(links.consume(token, LinkPurpose.CheckInAnswer)).rejects.toThrow(LinkGoneError);
  });

  it('can be withdrawn, and a multi-use link survives being used', async () => {
    const subjectId = randomUUID();
    const { token } = await issue({ subjectId, singleUse: false });
    await links.consume(token, LinkPurpose.CheckInAnswer);
    await expect(links.consume(token, LinkPurpose.CheckInAnswer)).resolves.toMatchObject({ subjectId });
    expect(await links.revokeFor(organisationId, subjectId, LinkPurpose.CheckInAnswer)).toBe(0);
    const second = await issue({ subjectId });
    expect(await links.revokeFor(organisationId, subjectId, LinkPurpose.CheckInAnswer)).toBe(1);
    await expect(links.inspect(second.token, LinkPurpose.CheckInAnswer)).rejects.toThrow(LinkGoneError);
  });

  it('refuses lifetimes that are not short', async () => {
    await expect(issue({ ttlSeconds: 31 * 86_400 })).rejects.toThrow(RangeError);
    await expect(issue({ ttlSeconds: 0 })).rejects.toThrow(RangeError);
  });
});
