export { testConfig } from './test-config';
export { expectEventually } from './expect-eventually';
export { TcpProxy, viaPort } from './tcp-proxy';
export { deleteKeysWithPrefix } from './redis-keys';
export { createOrganisation, createStaff, type StaffFixture } from './staff-fixtures';
export {
  FakeTwilio,
  type FakeTwilioOptions,
  type FakeTwilioMessage,
  type FakeTwilioRequest,
  type TwilioFault,
  type RandomFaultRates,
  type AcceptThenTimeoutMode,
  type TwilioMessageStatus,
} from './fake-twilio';
export { mulberry32 } from './fake-twilio-resources';
export { signTwilioRequest, postSignedForm, type SignedPostOptions, type SignedPostResult } from './twilio-webhooks';
export { FakeSmtp, type FakeSmtpOptions, type ReceivedEmail, type SmtpRejection } from './fake-smtp';
export { spawnBuiltApp, tailFile } from './built-app';
