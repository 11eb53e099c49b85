import type { HealthIndicator } from './health-indicator';
import { outboxBacklogIndicator, pingIndicator, postgresIndicator } from './health.indicators';
import { DEFAULT_CHECK_TIMEOUT_MS, HealthRegistry } from './health.registry';

const hung = (name: string, timeoutMs?: number): HealthIndicator => ({
  name,
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
  check: () => new Promise(() => undefined),
});

describe('HealthRegistry', () => {
  it('is ready when every check is up', async () => {
    const registry = new HealthRegistry();
    registry.register(
      postgresIndicator(async () => [{ '?column?': 1 }]),
      outboxBacklogIndicator(async () => 3, { maxBacklog: 10 }),
    );
    const report = await registry.readiness();
    expect(report.status).toBe('up');
    expect(report.failed).toEqual([]);
    expect(report.checks['outbox']).toMatchObject({ status: 'up', details: { backlog: 3, maxBacklog: 10 } });
  });

  it('counts a check that hangs past its limit as down with "timeout", without waiting for it', async () => {
    const registry = new HealthRegistry({ defaultTimeoutMs: 50 });
    registry.register(
      hung('kafka'),
      pingIndicator('postgres', async () => 'ok'),
    );
    const started = Date.now();
    const report = await registry.readiness();
    expect(Date.now() - started).toBeLessThan(500);
    expect(report.status).toBe('down');
    expect(report.failed).toEqual(['kafka']);
    expect(report.checks['kafka']).toMatchObject({ status: 'down', details: { error: 'timeout', timeoutMs: 50 } });
    expect(report.checks['postgres']?.status).toBe('up');
  });

  it("honours an indicator's own limit over the default of one second", async () => {
    expect(DEFAULT_CHECK_TIMEOUT_MS).toBe(1000);
    const registry = new HealthRegistry();
    registry.register(hung('slow', 20));
    expect((await registry.readiness()).checks['slow']).toMatchObject({ status: 'down', details: { error: 'timeout', timeoutMs: 20 } });
  });

  it('reports the error of a failing check, and a backlog over its limit', async () => {
    const registry = new HealthRegistry();
    registry.register(
      postgresIndicator(() => Promise.reject(new Error('connection refused'))),
      outboxBacklogIndicator(async () => 11, { maxBacklog: 10 }),
      {
        name: 'throws',
        check: () => {
          throw new Error('sync failure');
        },
      },
    );
    const report = await registry.readiness();
    expect(report.failed).toEqual(['postgres', 'outbox', 'throws']);
    expect(report.checks['postgres']?.details).toEqual({ error: 'connection refused' });
    expect(report.checks['throws']?.details).toEqual({ error: 'sync failure' });
  });

  it('is not ready once shutdown has begun', async () => {
    const registry = new HealthRegistry();
    registry.beforeApplicationShutdown();
    expect(registry.isShuttingDown()).toBe(true);
    expect(await registry.readiness()).toMatchObject({ status: 'down', failed: ['shutdown'] });
  });

  it('refuses two indicators with one name', () => {
    const registry = new HealthRegistry();
    registry.register(hung('kafka'));
    expect(() => registry.register(hung('kafka'))).toThrow(/already registered/);
  });
});
