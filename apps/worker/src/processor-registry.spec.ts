import { processorProblems } from './processor-registry';

const ALL = ['diagnostics', 'delivery-sms', 'delivery-email'];

describe('processorProblems', () => {
  it('accepts exactly one processor per queue', () => {
    expect(processorProblems(ALL)).toEqual([]);
  });

  it('names a queue without a processor, one with two, and an unknown one', () => {
    expect(processorProblems(ALL.filter((q) => q !== 'delivery-email'))).toEqual(['queue "delivery-email" has no processor']);
    expect(processorProblems([...ALL, 'diagnostics'])).toEqual(['queue "diagnostics" has 2 processors']);
    expect(processorProblems([...ALL, 'nope'])).toEqual(['processor for unknown queue "nope"']);
  });
});
