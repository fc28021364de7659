import { BATCH_WINDOW_MS, deliveryBatches, deliveryJobShape, MAX_DELIVERIES_PER_JOB } from './delivery-scheduler';

describe('deliveryJobShape', () => {
  it('never lets the limiter (jobs a second × deliveries a job) pass the provider rate, and gives a lone delivery 100 jobs a second or more', () => {
    const wrong: number[] = [];
    for (let rate = 1; rate <= 10_000; rate += 1) {
      const { perJob, jobsPerSecond } = deliveryJobShape(rate, 100);
      const right = perJob * jobsPerSecond <= rate && perJob >= 1 && perJob <= MAX_DELIVERIES_PER_JOB && jobsPerSecond >= Math.min(rate, 100);
      if (!right) wrong.push(rate);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps one delivery a job at the default rates (1 SMS and 10 emails a second) and up to 199 a second', () => {
    expect(deliveryJobShape(1, 100)).toEqual({ perJob: 1, jobsPerSecond: 1, jobConcurrency: 100 });
    expect(deliveryJobShape(10, 7)).toEqual({ perJob: 1, jobsPerSecond: 10, jobConcurrency: 7 });
    expect(deliveryJobShape(199, 100).perJob).toBe(1);
  });

  it('batches at higher rates, and runs fewer jobs at once so about as many messages are in flight', () => {
    expect(deliveryJobShape(1_000, 100)).toEqual({ perJob: 10, jobsPerSecond: 100, jobConcurrency: 10 });
    expect(deliveryJobShape(10_000, 100)).toEqual({ perJob: 25, jobsPerSecond: 400, jobConcurrency: 4 });
    expect(deliveryJobShape(10_000, 30).jobConcurrency).toBe(2);
    expect(deliveryJobShape(10_000, 1).jobConcurrency).toBe(1);
  });
});

describe('deliveryBatches', () => {
  const at = (ms: number, id = String(ms)) => ({ id, sendAfter: new Date(1_800_000_000_000 + ms) });
  const ids = (batches: { id: string }[][]) => batches.map((b) => b.map((d) => d.id));

  it('puts deliveries due together into jobs of at most perJob, in order of due time', () => {
    const due = Array.from({ length: 7 }, (_, i) => at(0, `d${i}`));
    expect(ids(deliveryBatches(due, 3))).toEqual([['d0', 'd1', 'd2'], ['d3', 'd4', 'd5'], ['d6']]);
    expect(ids(deliveryBatches([at(30), at(10), at(20)], 5))).toEqual([['10', '20', '30']]);
  });

  it('starts a new job when the next delivery is due more than the window after the first of the job', () => {
    const due = [at(0), at(BATCH_WINDOW_MS), at(BATCH_WINDOW_MS + 1), at(3 * BATCH_WINDOW_MS)];
    expect(ids(deliveryBatches(due, 25))).toEqual([['0', String(BATCH_WINDOW_MS)], [String(BATCH_WINDOW_MS + 1)], [String(3 * BATCH_WINDOW_MS)]]);
  });

  it('makes one job a delivery when perJob is 1, and none for no deliveries', () => {
    expect(ids(deliveryBatches([at(0, 'a'), at(0, 'b')], 1))).toEqual([['a'], ['b']]);
    expect(deliveryBatches([], 25)).toEqual([]);
  });
});
