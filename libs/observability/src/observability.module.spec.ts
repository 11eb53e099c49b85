import { Controller, ForbiddenException, Get, type INestApplication, Param } from '@nestjs/common';
import { HealthRegistry } from './health/health.registry';
import { ProblemException } from './http/problem.exception';
import { startLoggedApp } from '../test/logged-app.fixture';
import type { Logger } from './logging/logger.factory';
import { InjectLogger } from './logging/logger.token';

@Controller('things')
class ThingsController {
  constructor(@InjectLogger() private readonly logger: Logger) {}

  @Get('boom')
  boom(): never {
    throw new Error('relation "loans" does not exist (password=hunter2)');
  }

  @Get('invalid')
  invalid(): never {
    throw ProblemException.validation([{ path: 'amount.minor', message: 'must be > 0' }]);
  }

  @Get('forbidden')
  forbidden(): never {
    throw new ForbiddenException('Agents may not write off loans.');
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    this.logger.info({ thing: id }, 'fetched');
    return { id };
  }
}

describe('ObservabilityModule over HTTP', () => {
  let app: INestApplication;
  let base: string;
  const lines: string[] = [];
  const records = (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    ({ app, base } = await startLoggedApp([ThingsController], lines));
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it("echoes the caller's correlation id and puts it on every line of the request", async () => {
    const response = await fetch(`${base}/things/42`, { headers: { 'x-correlation-id': 'corr-abc-1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('corr-abc-1');
    const [fetched, access] = records();
    expect(fetched).toMatchObject({ msg: 'fetched', correlationId: 'corr-abc-1' });
    expect(access).toMatchObject({ msg: 'request completed', method: 'GET', route: '/things/:id', status: 200, correlationId: 'corr-abc-1' });
    expect(typeof access?.['durationMs']).toBe('number');
  });

  it('makes up a UUID when the header is missing or not acceptable', async () => {
    const variants: Record<string, string>[] = [{}, { 'x-correlation-id': 'x'.repeat(500) }, { 'x-correlation-id': 'a\u00e9b' }];
    for (const headers of variants) {
      const response = await fetch(`${base}/things/1`, { headers });
      expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('answers a ProblemException as problem+json', async () => {
    const response = await fetch(`${base}/things/invalid?x=1`, { headers: { 'x-correlation-id': 'corr-p' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid.',
      instance: '/things/invalid',
      errors: [{ path: 'amount.minor', message: 'must be > 0' }],
      correlationId: 'corr-p',
    });
  });

  it("answers Nest's own HttpExceptions and unknown routes as problem+json", async () => {
    const forbidden = await fetch(`${base}/things/forbidden`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Agents may not write off loans.' });

    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, instance: '/nowhere' });
    expect(records().find((r) => r['msg'] === 'request completed' && r['status'] === 404)).toMatchObject({ route: 'unmatched' });
  });

  it('answers an unknown error with a bare 500 and logs it with its stack', async () => {
    const response = await fetch(`${base}/things/boom`, { headers: { 'x-correlation-id': 'corr-500' } });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance: '/things/boom',
      correlationId: 'corr-500',
    });
    expect(body).not.toMatch(/loans|hunter2|\bat\b/);
    const logged = records().find((r) => r['msg'] === 'request failed');
    expect(logged).toMatchObject({ level: 'error', correlationId: 'corr-500', err: { message: expect.stringContaining('relation "loans"') } });
    expect((logged?.['err'] as { stack?: string }).stack).toContain('ThingsController.boom');
  });

  it('serves liveness, readiness and metrics without logging them', async () => {
    await fetch(`${base}/things/7`);
    lines.length = 0;

    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'up' });

    app.get(HealthRegistry).register({ name: 'kafka', timeoutMs: 30, check: () => new Promise(() => undefined) });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'down', failed: ['kafka'], checks: { kafka: { details: { error: 'timeout' } } } });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('clearpath_http_request_duration_seconds_bucket{le="0.005",service="test",method="GET",route="/things/:id",status="200"}');
    for (const name of ['clearpath_events_in_total', 'clearpath_events_dead_lettered_total', 'clearpath_outbox_backlog', 'clearpath_consumer_lag']) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect(text).not.toContain('route="/health');

    expect(records().filter((r) => r['msg'] === 'request completed')).toEqual([]);
  });
});
