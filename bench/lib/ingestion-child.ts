/**
 * A service as a separate process, started exactly as in production
 * (`node dist/services/<service>/src/main.js`, ingestion unless told otherwise) with the environment
 * of deploy/clearpath.env plus the bench's own database schema, consumer group and HTTP port (the
 * service's prefixed variables: INGESTION_DB_SCHEMA, RISK_SCORING_CONSUMER_GROUP, ...) and the run's
 * topic namespace (CLEARPATH_TOPIC_NAMESPACE, bench-topics.ts): a child never touches the platform's topics.
 */
import { type ChildProcess, spawn, execFile } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { serviceDatabaseUrl } from '@clearpath/persistence';
import { runTopicsEnv } from './bench-topics';
import { sleep } from './stats';

export const ROOT = resolve(__dirname, '../../..'); // dist/bench/lib → repository root

/** deploy/clearpath.env as the deploy scripts read it: KEY=VALUE, a variable already set wins. */
export function clearpathEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of readFileSync(resolve(ROOT, 'deploy/clearpath.env'), 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#') || !line.includes('=')) continue;
    const key = line.slice(0, line.indexOf('='));
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out[key] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The services a bench runs as a child process (the nightly roll runs all of them). */
export type BenchService = 'ingestion' | 'risk-scoring' | 'contact-orchestration' | 'repayment-plan' | 'complaints';

/** `risk-scoring` → `RISK_SCORING`, as libs/platform's loadRuntimeConfig derives it. */
export function envPrefix(service: BenchService): string {
  return service.toUpperCase().replace(/-/g, '_');
}

export interface IngestionChildOptions {
  /** Which service (default ingestion). */
  readonly service?: BenchService;
  readonly databaseUrl: string;
  readonly schema: string;
  readonly group: string;
  readonly port: number;
  readonly logFile: string;
  /** Extra NODE_OPTIONS for the child only (profiling). */
  readonly nodeOptions?: string;
  readonly extraEnv?: Record<string, string>;
}

export function childEnv(options: Pick<IngestionChildOptions, 'databaseUrl' | 'schema'> & Partial<IngestionChildOptions>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(clearpathEnv())) if (env[key] === undefined) env[key] = value;
  const prefix = envPrefix(options.service ?? 'ingestion');
  env.DATABASE_URL = options.databaseUrl;
  // The service runs as its own role (migrate.js, given DATABASE_URL, provisions it), on the bench's database.
  env[`${prefix}_DATABASE_URL`] = serviceDatabaseUrl(options.databaseUrl, options.service ?? 'ingestion');
  env[`${prefix}_DB_SCHEMA`] = options.schema;
  if (options.group !== undefined) env[`${prefix}_CONSUMER_GROUP`] = options.group;
  if (options.port !== undefined) env[`${prefix}_HTTP_PORT`] = String(options.port);
  env.LOG_LEVEL = 'warn';
  Object.assign(env, runTopicsEnv());
  delete env.NODE_OPTIONS; // the bench's own options (if any) are not the child's
  if (options.nodeOptions) env.NODE_OPTIONS = options.nodeOptions;
  return { ...env, ...options.extraEnv };
}

/** `node dist/services/<service>/src/migrate.js` against the bench schema. */
export async function migrateBenchSchema(databaseUrl: string, schema: string, service: BenchService = 'ingestion'): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      process.execPath,
      [resolve(ROOT, `dist/services/${service}/src/migrate.js`)],
      { cwd: ROOT, env: childEnv({ databaseUrl, schema, service }), timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`migrate failed: ${error.message}\n${stdout}${stderr}`)) : resolveRun(stdout.trim())),
    );
  });
}

export class IngestionChild {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly log: WriteStream;

  private constructor(
    private readonly child: ChildProcess,
    readonly options: IngestionChildOptions,
  ) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolveExit) =>
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolveExit(this.exitInfo);
      }),
    );
  }

  static start(options: IngestionChildOptions): IngestionChild {
    const child = spawn(process.execPath, [resolve(ROOT, `dist/services/${options.service ?? 'ingestion'}/src/main.js`)], {
      cwd: ROOT,
      env: childEnv(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`could not spawn the ${options.service ?? 'ingestion'} process`);
    return new IngestionChild(child, options);
  }

  get service(): BenchService {
    return this.options.service ?? 'ingestion';
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Throws (with the log's tail) if the process died. */
  assertAlive(): void {
    if (this.exitInfo) {
      throw new Error(`${this.service} (pid ${this.pid}) exited: code ${this.exitInfo.code} signal ${this.exitInfo.signal}\n${this.logTail()}`);
    }
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async waitReady(timeoutMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      this.assertAlive();
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return Date.now() - started;
      } catch {
        /* not listening yet */
      }
      if (Date.now() - started > timeoutMs) throw new Error(`${this.service} not ready after ${timeoutMs} ms\n${this.logTail()}`);
      await sleep(200);
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGTERM (graceful: the service drains its outbox), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.log.end();
  }

  /** Synchronous last resort (process 'exit' handler). */
  killNow(): void {
    if (this.alive) {
      try {
        this.child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

/** The same class for any service (`options.service`); IngestionChild is its historical name. */
export { IngestionChild as ServiceChild };
