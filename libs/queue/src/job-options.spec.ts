import { jobId } from './job-options';
import { JOB_QUEUE, JobName, QueueName } from './jobs';
import { redisConnectionOptions } from './redis-connection';

describe('job contract', () => {
  it('gives the same job the same id, and different jobs different ids', () => {
    expect(jobId(JobName.QueueProbe, { probeId: 'a' })).toBe('queue-probe-a');
    expect(jobId(JobName.QueueProbe, { probeId: 'a' })).toBe(jobId(JobName.QueueProbe, { probeId: 'a' }));
    expect(jobId(JobName.QueueProbe, { probeId: 'b' })).not.toBe(jobId(JobName.QueueProbe, { probeId: 'a' }));
  });

  it('routes every job name to a known queue', () => {
    for (const name of Object.values(JobName)) {
      expect(Object.values(QueueName)).toContain(JOB_QUEUE[name]);
    }
  });

  it('reads host, port, credentials and db from a redis URL', () => {
    expect(redisConnectionOptions('redis://user:p%40ss@redis.internal:6380/2')).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: undefined,
      maxRetriesPerRequest: null,
    });
    expect(redisConnectionOptions('rediss://cache:6379').tls).toEqual({});
  });
});
