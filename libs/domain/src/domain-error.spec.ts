import { DomainError, DomainErrorCode, NotFoundError } from './domain-error';

describe('DomainError', () => {
  it('keeps its code, details and subclass name', () => {
    const error = new NotFoundError('Graduate');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(DomainErrorCode.NotFound);
    expect(error.message).toBe('Graduate not found');
    expect(error.name).toBe('NotFoundError');
    expect(error.details).toEqual([]);
  });
});
