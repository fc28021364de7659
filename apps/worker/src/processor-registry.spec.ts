import { processorProblems } from './processor-registry';

describe('processorProblems', () => {
  it('accepts exactly one processor per queue', () => {
    expect(processorProblems(['diagnostics'])).toEqual([]);
  });

  it('names a queue without a processor, one with two, and an unknown one', () => {
    expect(processorProblems([])).toEqual(['queue "diagnostics" has no processor']);
    expect(processorProblems(['diagnostics', 'diagnostics'])).toEqual(['queue "diagnostics" has 2 processors']);
    expect(processorProblems(['diagnostics', 'nope'])).toEqual(['processor for unknown queue "nope"']);
  });
});
