import nodemailer, { Transporter } from 'nodemailer';
import { FakeSmtp } from './fake-smtp';

describe('FakeSmtp with real nodemailer', () => {
  const fake = new FakeSmtp();
  let transport: Transporter;
  const unsubscribeUrl = 'https://continuum.example.test/unsubscribe/0f3c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9?channel=email';

  const mail = (to: string, extra: Partial<nodemailer.SendMailOptions> = {}) =>
    transport.sendMail({ from: 'Continuum <care@continuum.example.test>', to, subject: 'Check-in', text: 'Hi', ...extra });
  const failure = async (promise: Promise<unknown>) => {
    const error: unknown = await promise.then(
      () => new Error('expected sendMail to fail'),
      (caught: unknown) => caught,
    );
    return error as { responseCode?: number; code?: string; message: string };
  };

  beforeAll(async () => {
    const { host, port } = await fake.start();
    transport = nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    transport.close();
    await fake.stop();
  });

  it('records exactly what nodemailer sent', async () => {
    const info = await transport.sendMail({
      from: 'Continuum <care@continuum.example.test>',
      to: 'Alex Graduate <alex@example.test>',
      subject: 'Your weekly check-in — how are you doing?',
      text: 'Hi Alex,\nHow was your week?',
      html: '<p>Hi Alex,</p><p>How was your week?</p>',
      messageId: '<checkin-42@continuum.example.test>',
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:unsubscribe@continuum.example.test>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });

    expect(info.accepted).toEqual(['alex@example.test']);
    expect(fake.messages).toHaveLength(1);
    const [received] = fake.messages;
    expect(received).toMatchObject({
      envelope: { from: 'care@continuum.example.test', to: ['alex@example.test'] },
      messageId: '<checkin-42@continuum.example.test>',
      subject: 'Your weekly check-in — how are you doing?',
      text: 'Hi Alex,\nHow was your week?',
      html: '<p>Hi Alex,</p><p>How was your week?</p>',
      dropped: false,
    });
    expect(received.headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>, <mailto:unsubscribe@continuum.example.test>`);
    expect(received.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(received.headers['message-id']).toBe('<checkin-42@continuum.example.test>');
    expect(received.raw).toContain('Content-Type: multipart/alternative');
  });

  it('records every envelope recipient', async () => {
    await mail('a@example.test', { cc: 'b@example.test', bcc: 'c@example.test' });
    expect(fake.messages[0].envelope.to).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    expect(fake.messages[0].headers['bcc']).toBeUndefined();
    expect(fake.countBy('c@example.test')).toBe(1);
  });

  it('surfaces a 451 at DATA and a 550 at RCPT as errors with their response codes', async () => {
    fake.rejectNext(1, { code: 451, message: 'Greylisted, try again later' });
    fake.rejectNext(1, { code: 550, message: 'No such user here', stage: 'rcpt' });

    const temporary = await failure(mail('grey@example.test'));
    expect(temporary.responseCode).toBe(451);
    expect(temporary.message).toContain('Greylisted');
    const permanent = await failure(mail('gone@example.test'));
    expect(permanent.responseCode).toBe(550);
    expect(permanent.code).toBe('EENVELOPE');
    expect(fake.messages).toHaveLength(0);

    await mail('fine@example.test');
    expect(fake.countBy('fine@example.test')).toBe(1);
  });

  it('surfaces a 550 at DATA too', async () => {
    fake.rejectNext(1, { code: 550, message: 'Message rejected as spam' });
    expect((await failure(mail('spam@example.test'))).responseCode).toBe(550);
  });

  it('keeps a message whose connection it dropped, while the client sees a failure', async () => {
    fake.dropConnectionNext(1);
    const error = await failure(mail('maybe@example.test', { messageId: '<retry-me@continuum.example.test>' }));
    expect(error.responseCode).toBeUndefined();
    expect(error.code).toBe('ECONNECTION');
    expect(fake.messages).toEqual([expect.objectContaining({ messageId: '<retry-me@continuum.example.test>', dropped: true })]);

    await mail('maybe@example.test', { messageId: '<retry-me@continuum.example.test>' });
    expect(fake.countBy('maybe@example.test')).toBe(2);
  });

  describe('with a required login', () => {
    const secured = new FakeSmtp({ auth: { user: 'continuum', pass: 's3cret' } });
    let address: { host: string; port: number };

    beforeAll(async () => {
      address = await secured.start();
    });
    afterAll(() => secured.stop());

    const sendAs = async (auth?: { user: string; pass: string }) => {
      const client = nodemailer.createTransport({ ...address, secure: false, ignoreTLS: true, auth });
      try {
        return await client.sendMail({ from: 'care@continuum.example.test', to: 'x@example.test', subject: 's', text: 't' });
      } finally {
        client.close();
      }
    };

    it('accepts the right credentials and refuses others', async () => {
      await sendAs({ user: 'continuum', pass: 's3cret' });
      expect(secured.messages[0].user).toBe('continuum');
      expect((await failure(sendAs({ user: 'continuum', pass: 'wrong' }))).responseCode).toBe(535);
      expect((await failure(sendAs())).responseCode).toBe(530);
      expect(secured.messages).toHaveLength(1);
    });
  });
});
