import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ALL_TOPICS } from '@clearpath/contracts';
import { startGroupAtEnd, startServiceProcess, testDb, testKafka, testStackEnv, envPrefixOf, type ServiceProcess } from '@clearpath/testing';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

export const PLATFORM_SERVICES = ['ingestion', 'risk-scoring', 'contact-orchestration', 'complaints', 'repayment-plan', 'flow-monitor'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

const schemaOf = (service: string) => `${service.replace(/-/g, '_')}_journey`;

/**
 * The whole platform as separate processes (as in production: services never import each other),
 * each in a schema of its own recreated per run and a consumer group of its own that starts at the
 * end of every topic (topics are shared with other runs). Every clock starts at `clockStart` and
 * runs on at real speed, so contact windows do not depend on when the test runs.
 */
export class JourneyPlatform {
  private constructor(
    readonly runId: string,
    private readonly env: Record<string, string>,
    private readonly processes: Map<PlatformService, ServiceProcess>,
  ) {}

  static async start(clockStart: string, extraEnv: Partial<Record<PlatformService, Record<string, string>>> = {}): Promise<JourneyPlatform> {
    const runId = `${process.pid}-${Date.now()}`;
    const env: Record<string, string> = {
      ...testStackEnv(),
      CONTACT_PROVIDER_WEBHOOK_SECRET: 'journey-webhook-secret-0123456789',
      // One offset for every process: their clocks read `clockStart` now and run on together.
      CLEARPATH_CLOCK_OFFSET_MS: String(Date.parse(clockStart) - Date.now()),
      CONTACT_ORCHESTRATION_SCHEDULER_POLL_MS: '250',
      CONTACT_ORCHESTRATION_LOCAL_RECEIPT_DELAY_MS: '500',
      // The self-service page forwards complaints to this run's complaints service (set once it listens).
      REPAYMENT_PLAN_COMPLAINTS_API_KEY: 'test-repayment-plan-key',
      FLOW_MONITOR_SAMPLE_INTERVAL_MS: '60000',
    };
    for (const service of PLATFORM_SERVICES) {
      env[`${envPrefixOf(service)}_DB_SCHEMA`] = schemaOf(service);
      env[`${envPrefixOf(service)}_CONSUMER_GROUP`] = `${service}-journey-${runId}`;
    }
    const db = testDb();
    const kafka = testKafka('journey-setup');
    const topics = ALL_TOPICS.map((t) => t.name);
    await Promise.all(
      PLATFORM_SERVICES.map(async (service) => {
        await db.query(`DROP SCHEMA IF EXISTS ${schemaOf(service)} CASCADE`);
        await run(process.execPath, [resolve(ROOT, `dist/services/${service}/src/migrate.js`)], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' } });
        await startGroupAtEnd(kafka, env[`${envPrefixOf(service)}_CONSUMER_GROUP`]!, topics);
      }),
    );
    const processes = new Map<PlatformService, ServiceProcess>();
    const platform = new JourneyPlatform(runId, env, processes);
    // Started one after the other: two cores, and each start-up is CPU-bound for a few seconds.
    for (const service of PLATFORM_SERVICES) {
      if (service === 'repayment-plan') env.REPAYMENT_PLAN_COMPLAINTS_URL = platform.url('complaints');
      await platform.startService(service, extraEnv[service]);
    }
    return platform;
  }

  async startService(service: PlatformService, extra: Record<string, string> = {}): Promise<void> {
    this.processes.set(service, await startServiceProcess(service, { ...this.env, ...extra }));
  }

  url(service: PlatformService): string {
    return this.processes.get(service)!.url;
  }

  schema(service: PlatformService): string {
    return schemaOf(service);
  }

  /** SIGKILL: no shutdown hook runs, nothing is drained — a crash. */
  async kill(service: PlatformService): Promise<void> {
    const p = this.processes.get(service)!;
    const exited = new Promise((resolveExit) => p.child.once('exit', resolveExit));
    p.child.kill('SIGKILL');
    await exited;
    this.processes.delete(service);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.stop()));
  }

  async call(service: PlatformService, path: string, key: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const r = await fetch(`${this.url(service)}${path}`, {
      ...init,
      headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: r.status, body };
  }

  /** Core-banking events through ingestion's HTTP endpoint. */
  async submit(events: Array<Record<string, unknown>>): Promise<void> {
    const { status, body } = await this.call('ingestion', '/v1/loan-events', 'test-core-banking-key', { method: 'POST', body: JSON.stringify({ events }) });
    if (status !== 202) throw new Error(`ingestion answered ${status}: ${JSON.stringify(body)}`);
    const refused = (body.results as Array<{ status: string }>).filter((r) => r.status !== 'accepted');
    if (refused.length > 0) throw new Error(`ingestion did not accept: ${JSON.stringify(refused)}`);
  }
}
