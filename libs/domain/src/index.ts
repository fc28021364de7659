export { DomainError, DomainErrorCode, NotFoundError, type ErrorDetail } from './domain-error';
export { withTimeout } from './with-timeout';
