export { testConfig } from './test-config';
export { expectEventually } from './expect-eventually';
export { TcpProxy, viaPort } from './tcp-proxy';
export { deleteKeysWithPrefix } from './redis-keys';
export { createOrganisation, createStaff, type StaffFixture } from './staff-fixtures';
