import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { ManualClock, TOPICS } from '@clearpath/contracts';
import { createLogger } from '@clearpath/observability';
import { startGroupAtEnd, testKafka, testServiceEnv } from '@clearpath/testing';
import type { RuntimeConfig } from '@clearpath/platform';
import { loadIngestionConfig } from '../src/config/ingestion.config';
import { createIngestionApp } from '../src/ingestion.app';

export interface RunningIngestion {
  readonly app: INestApplication;
  readonly url: string;
  readonly config: RuntimeConfig;
  readonly clock: ManualClock;
  /** Every JSON log line the app wrote. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

export function ingestionTestConfig(overrides: Record<string, string> = {}): RuntimeConfig {
  return loadIngestionConfig({
    ...testServiceEnv('ingestion', { consumerGroup: `ingestion-it-${process.pid}-${Date.now()}` }),
    INGESTION_HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    ...overrides,
  });
}

/** The real ingestion app, in process, against the real Kafka and PostgreSQL, logs captured. */
export async function startIngestion(overrides: Record<string, string> = {}): Promise<RunningIngestion> {
  const config = ingestionTestConfig(overrides);
  await startGroupAtEnd(testKafka(), config.consumerGroup, [TOPICS.coreBankLoanEvents.name]);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const clock = new ManualClock('2026-11-29T02:00:00Z');
  const app = await createIngestionApp(config, { clock, logger: createLogger({ service: 'ingestion', level: 'info', destination }) });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, config, clock, logLines, stop: () => app.close() };
}

export async function post(url: string, body: unknown, apiKey = 'test-core-banking-key', raw = false) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, any> };
}

export async function get(url: string, apiKey = 'test-service-key') {
  const response = await fetch(url, { headers: apiKey ? { 'x-api-key': apiKey } : {} });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, any> };
}
