import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { JourneyPlatform, PLATFORM_SERVICES, type PlatformService } from '../journey/platform.fixture';

/**
 * Every service's OpenAPI document, exactly as the running service serves it at /docs-json, passes
 * Redocly's recommended rules (redocly.yaml at the root). The documents are built at start-up from
 * the controllers (libs/platform's service-app.factory.ts), so they are linted where they exist: a
 * route added tomorrow without a summary, or a public one without `security: []`, fails here.
 */
const ROOT = resolve(__dirname, '../..');
const REDOCLY = resolve(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const CONFIG = resolve(ROOT, 'redocly.yaml');

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: ReadonlyArray<{ readonly pointer: string }>;
}

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly LintProblem[];
}

/**
 * Liveness, readiness and public /metrics answer every caller and are never rate-limited: they have
 * no 4xx answer to document, and `operation-4xx-response` (a warning) says so. Every other operation
 * must pass it.
 */
const EXPECTED_WARNINGS = new Set(
  ['/health/live', '/health/ready', '/metrics'].map(
    (path) => `warn operation-4xx-response at #/paths/${path.replace(/\//g, '~1')}/get/responses: Operation must have at least one \`4XX\` response.`,
  ),
);

const run = promisify(execFile);

/** `redocly lint` of one file, as JSON. It exits 1 when it finds errors; the report is on stdout either way. */
async function lint(file: string): Promise<LintReport> {
  const args = [REDOCLY, 'lint', '--config', CONFIG, '--format', 'json', file];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const stdout = await run(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`redocly lint ${file} failed: ${error.stderr ?? String(error)}`);
      return error.stdout;
    },
  );
  return JSON.parse(stdout) as LintReport;
}

jest.setTimeout(240_000);

describe('OpenAPI documents, linted by Redocly', () => {
  let platform: JourneyPlatform;
  let dir: string;
  const reports = new Map<PlatformService, LintReport>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clearpath-openapi-'));
    platform = await JourneyPlatform.start(new Date().toISOString());
    for (const service of PLATFORM_SERVICES) {
      const response = await fetch(`${platform.url(service)}/docs-json`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
      const file = join(dir, `${service}.json`);
      await writeFile(file, await response.text());
      reports.set(service, await lint(file));
    }
  });

  afterAll(async () => {
    await platform?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(PLATFORM_SERVICES)('%s: no errors, and no warnings but the probes having no 4xx answer', (service) => {
    const report = reports.get(service)!;
    const problems = report.problems
      .map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`)
      .filter((p) => !EXPECTED_WARNINGS.has(p));
    expect({ service, errors: report.totals.errors, problems }).toEqual({ service, errors: 0, problems: [] });
  });
});
