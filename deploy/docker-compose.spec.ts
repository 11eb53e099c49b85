/**
 * Static checks that docker-compose.yml, the Dockerfile and the local stack (deploy/local/) agree:
 * same environment list, same Kafka version, same topic and migration scripts, one compose service
 * per service that has an entry point. No Docker needed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const root = join(__dirname, '..');
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

type Yaml = Record<string, unknown>;

const isMap = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies YAML merge keys (`<<: *anchor`), which compose supports. Some js-yaml versions apply
 * them while loading and some leave a literal `<<` key; this handles both. Own keys win.
 */
function resolveMerges(node: unknown, seen = new Map<object, unknown>()): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveMerges(n, seen));
  if (!isMap(node)) return node;
  const cached = seen.get(node);
  if (cached) return cached;
  const out: Yaml = {};
  seen.set(node, out);
  const merge = node['<<'];
  const sources = merge === undefined ? [] : Array.isArray(merge) ? merge : [merge];
  for (const src of sources) {
    const resolved = resolveMerges(src, seen);
    if (isMap(resolved)) Object.assign(out, resolved);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== '<<') out[key] = resolveMerges(value, seen);
  }
  return out;
}

function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return vars;
}

/** Compose `environment:` as a map, whether written as a map or as a list of KEY=VALUE. */
function environmentOf(service: Yaml): Map<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return new Map(
      env.map((e) => {
        const s = String(e);
        const eq = s.indexOf('=');
        return [s.slice(0, eq), s.slice(eq + 1)] as [string, string];
      }),
    );
  }
  return new Map(Object.entries(isMap(env) ? env : {}).map(([k, v]) => [k, String(v)]));
}

function envFilesOf(service: Yaml): string[] {
  const f = service.env_file;
  const list = Array.isArray(f) ? f : f === undefined ? [] : [f];
  return list.map((e) => (isMap(e) ? String(e.path) : String(e)).replace(/^\.\//, ''));
}

function commandOf(service: Yaml): string {
  const c = service.command;
  return Array.isArray(c) ? c.join(' ') : String(c ?? '');
}

function buildArgsOf(service: Yaml): Record<string, string> {
  const build = service.build;
  if (!isMap(build) || build.args === undefined) return {};
  if (Array.isArray(build.args)) {
    return Object.fromEntries(
      build.args.map((a) => {
        const s = String(a);
        return [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(build.args as Yaml).map(([k, v]) => [k, String(v ?? '')]));
}

function dependsOn(service: Yaml): string[] {
  const d = service.depends_on;
  if (Array.isArray(d)) return d.map(String);
  return isMap(d) ? Object.keys(d) : [];
}

const compose = resolveMerges(load(read('docker-compose.yml'))) as Yaml;
const services = compose.services as Record<string, Yaml>;
const envText = read('deploy/clearpath.env');
const env = parseEnvFile(envText);
const pom = read('deploy/local/kafka/pom.xml');
const dockerfile = read('Dockerfile');

/** Compose services built from the root Dockerfile (the tools and every Clearpath service). */
const appServices = Object.entries(services).filter(([, s]) => {
  const build = s.build;
  const dockerfileName = isMap(build) ? String(build.dockerfile ?? 'Dockerfile') : '';
  return isMap(build) && String(build.context) === '.' && dockerfileName === 'Dockerfile';
});

/** services/<name>/ directories that have an entry point. */
const serviceDirs = existsSync(join(root, 'services'))
  ? readdirSync(join(root, 'services'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, 'services', d.name, 'src', 'main.ts')))
      .map((d) => d.name)
      .sort()
  : [];

/** Compose services that run a Clearpath service (built with a SERVICE argument). */
const runtimeServices = appServices.filter(([, s]) => (buildArgsOf(s).SERVICE ?? '') !== '');

describe('deploy/clearpath.env', () => {
  it('is plain KEY=VALUE lines that bash and compose read the same way', () => {
    const bad = envText
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .filter((l) => !/^[A-Z][A-Z0-9_]*=[^\s'"$`\\]*$/.test(l));
    expect(bad).toEqual([]);
  });

  it('defines the shared variables', () => {
    for (const key of ['KAFKA_BROKERS', 'DATABASE_URL', 'LOG_LEVEL', 'CLEARPATH_API_KEYS', 'CLEARPATH_TOKEN_SECRET']) {
      expect(env.get(key)).toBeTruthy();
    }
  });
});

describe('docker-compose.yml', () => {
  it('builds the tools and the services from the root Dockerfile', () => {
    expect(appServices.map(([name]) => name)).toEqual(expect.arrayContaining(['topic-init', 'migrate']));
  });

  it.each(appServices.map(([name, s]) => [name, s] as const))('%s gets every variable of deploy/clearpath.env through env_file', (_name, service) => {
    expect(envFilesOf(service)).toContain('deploy/clearpath.env');
    const overrides = environmentOf(service);
    // Only host names may differ inside the compose network.
    for (const [key, value] of overrides) {
      expect(['KAFKA_BROKERS', 'DATABASE_URL', 'REPAYMENT_PLAN_COMPLAINTS_URL', 'FLOW_MONITOR_SERVICES']).toContain(
        key.replace(/^[A-Z_]+_DATABASE_URL$/, 'DATABASE_URL'),
      );
      const local = env.get(key);
      expect(local).toBeDefined();
      const withoutHost = (v: string) => v.replace(/(^|,|@|\/\/)[^:@,/]+:(\d+)/g, '$1HOST:$2');
      expect(withoutHost(value)).toEqual(withoutHost(local as string));
    }
  });

  it('has a compose service, built with SERVICE=<name>, for every services/<name>/src/main.ts', () => {
    const composed = new Set(runtimeServices.map(([, s]) => buildArgsOf(s).SERVICE));
    const withoutComposeService = serviceDirs.filter((dir) => !composed.has(dir));
    expect(withoutComposeService).toEqual([]);
    for (const [name, s] of runtimeServices) {
      expect(buildArgsOf(s).SERVICE).toBe(name);
    }
  });

  it('builds no compose service whose services/<name>/src/main.ts is missing', () => {
    const withoutEntryPoint = runtimeServices
      .map(([, s]) => buildArgsOf(s).SERVICE)
      .filter((name) => !serviceDirs.includes(name))
      .map((name) => `services/${name}/src/main.ts`);
    expect(withoutEntryPoint).toEqual([]);
  });

  it.each(runtimeServices.map(([name, s]) => [name, s] as const))(
    '%s publishes the HTTP port of deploy/clearpath.env and waits for topics and migrations',
    (name, service) => {
      const portVar = `${name.toUpperCase().replace(/-/g, '_')}_HTTP_PORT`;
      const port = env.get(portVar);
      expect(port).toMatch(/^\d+$/);
      const ports = (service.ports as unknown[] | undefined)?.map(String) ?? [];
      expect(ports.some((p) => p.endsWith(`:${port}`))).toBe(true);
      expect(dependsOn(service)).toEqual(expect.arrayContaining(['topic-init', 'migrate']));
    },
  );

  it.each(runtimeServices.map(([name]) => [name] as const))('%s connects as its own runtime role, not as the admin of DATABASE_URL', (name) => {
    const own = new URL(env.get(`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`) ?? 'postgres://missing/');
    const admin = new URL(env.get('DATABASE_URL') as string);
    expect({ user: own.username, password: own.password, at: `${own.host}${own.pathname}` }).toEqual({
      user: `clearpath_${name.replace(/-/g, '_')}`,
      password: '',
      at: `${admin.host}${admin.pathname}`,
    });
  });

  it('publishes every port on the loopback interface only, the APIs unless CLEARPATH_BIND_ADDRESS says otherwise', () => {
    const published = Object.entries(services).flatMap(([name, s]) => ((s.ports as unknown[] | undefined) ?? []).map((p) => [name, String(p)] as const));
    expect(published.length).toBeGreaterThan(0);
    for (const [name, port] of published) {
      const api = runtimeServices.some(([service]) => service === name);
      expect({ name, port }).toEqual({
        name,
        port: expect.stringMatching(api ? /^\$\{CLEARPATH_BIND_ADDRESS:-127\.0\.0\.1\}:\d+:\d+$/ : /^127\.0\.0\.1:\d+:\d+$/),
      });
    }
  });

  it('runs the apache/kafka image at the version of deploy/local/kafka/pom.xml', () => {
    const pomVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    expect(pomVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(String(services.kafka.image)).toBe(`apache/kafka:${pomVersion}`);
  });

  it('tunes Kafka with the same broker.properties as the local broker', () => {
    const volumes = ((services.kafka.volumes as unknown[]) ?? []).map(String);
    expect(volumes).toContain('./deploy/local/kafka/broker.properties:/mnt/shared/config/server.properties:ro');
    expect(read('deploy/local/stack-up.sh')).toContain('deploy/local/kafka/broker.properties');
  });

  it('creates topics with the registry script, after Kafka is healthy', () => {
    const topicInit = services['topic-init'];
    expect(commandOf(topicInit)).toMatch(/^node dist\/deploy\/local\/kafka-admin\.js (up|ensure-topics)\b/);
    expect(dependsOn(topicInit)).toContain('kafka');
    expect(existsSync(join(root, 'deploy/local/kafka-admin.ts'))).toBe(true);
    expect(read('deploy/local/kafka-admin.ts')).toMatch(/from '@clearpath\/contracts'/);
    expect(read('deploy/local/stack-up.sh')).toContain('dist/deploy/local/kafka-admin.js');
  });

  it('runs PostgreSQL with the settings of deploy/postgres/workload.conf, which the local stack applies', () => {
    const settings = read('deploy/postgres/workload.conf')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.replace(/\s*=\s*/, '='));
    expect(settings).toContain('autovacuum=on');
    const command = (services.postgres.command as unknown[]).map(String);
    expect(command[0]).toBe('postgres');
    expect(command.filter((_, i) => command[i - 1] === '-c')).toEqual(settings);
    expect(read('deploy/local/stack-up.sh')).toContain('deploy/postgres/workload.conf');
  });

  it('migrates with the same script as the local stack', () => {
    expect(commandOf(services.migrate)).toBe('bash deploy/local/migrate-all.sh');
    expect(dependsOn(services.migrate)).toContain('postgres');
    expect(read('deploy/local/stack-up.sh')).toContain('deploy/local/migrate-all.sh');
  });
});

describe('Dockerfile', () => {
  it('takes SERVICE as a build argument and runs dist/services/${SERVICE}/src/main.js', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
    expect(dockerfile).toContain('dist/services/$SERVICE/src/main.js');
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toContain('tsc -b tsconfig.build.json');
  });
});
