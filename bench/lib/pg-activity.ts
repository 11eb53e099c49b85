/**
 * A sampling "profiler" for PostgreSQL when pg_stat_statements is not available: every
 * `intervalMs`, what each connection of a service (application_name, ingestion unless told
 * otherwise) to the bench database is doing (state, wait event, statement). Counts per statement ≈
 * where the connections spend their time. Given several application names (the nightly roll runs
 * every service), each key starts with the name, so the report says whose statement it is.
 */
import { Client } from 'pg';

export class PgActivitySampler {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  samples = 0;
  readonly counts = new Map<string, number>();

  constructor(
    private readonly databaseUrl: string,
    private readonly intervalMs = 100,
    private readonly applicationName: string | readonly string[] = 'ingestion',
  ) {}

  async start(): Promise<void> {
    this.client = new Client({ connectionString: this.databaseUrl, application_name: 'bench-pg-sampler' });
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  top(n = 15): Array<{ what: string; share: number }> {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0) || 1;
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([what, count]) => ({ what, share: count / total }));
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const names = typeof this.applicationName === 'string' ? [this.applicationName] : [...this.applicationName];
      const { rows } = await this.client.query<{ app: string; state: string | null; wait: string | null; query: string }>(
        `SELECT application_name AS app, state, wait_event_type || ':' || wait_event AS wait, regexp_replace(left(query, 200), '\\s+', ' ', 'g') AS query
         FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1::text[]) AND pid <> pg_backend_pid()`,
        [names],
      );
      this.samples++;
      const width = Math.max(...names.map((n) => n.length));
      for (const row of rows) {
        const statement = row.state === 'idle' ? '(idle)' : row.query.slice(0, 90);
        const who = names.length > 1 ? `${row.app.padEnd(width)} ` : '';
        const key = `${who}${(row.state ?? '?').padEnd(19)} ${(row.wait ?? 'CPU').padEnd(24)} ${statement}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      /* a sample lost is fine */
    } finally {
      this.busy = false;
    }
  }
}
