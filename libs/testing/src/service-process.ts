import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { serviceDatabaseUrl } from '@clearpath/persistence';
import { expectEventually } from './expect-eventually';
import { envPrefixOf, testServiceEnv, testStack } from './stack';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The entry point of a built service (`npm run build`). */
const mainOf = (name: string): string => resolve(__dirname, `../../../dist/services/${name}/src/main.js`);

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Runs a built service (`dist/services/<name>/src/main.js`) as its own process, the way it runs in
 * production, and waits until it is ready. For tests that cross service boundaries: services never
 * import each other, tests included. As in production, the service connects as its own runtime
 * role, on the database of `env.DATABASE_URL` (unless `env` names its `<SERVICE>_DATABASE_URL`).
 */
export async function startServiceProcess(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const prefix = envPrefixOf(name);
  const databaseUrl = env[`${prefix}_DATABASE_URL`] ?? serviceDatabaseUrl(env.DATABASE_URL ?? testStack.databaseUrl, name);
  const child = spawn(process.execPath, [mainOf(name)], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      CLEARPATH_PII_MASTER_KEYS: testStack.piiMasterKeys,
      ...env,
      [`${prefix}_DATABASE_URL`]: databaseUrl,
      [`${prefix}_HTTP_PORT`]: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  await expectEventually(
    async () => {
      if (exited) throw new Error(`${name} exited during start-up`);
      const response = await fetch(`${url}/health/ready`);
      if (response.status !== 200) throw new Error(`${name} not ready: ${response.status}`);
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return {
    child,
    url,
    stop: async () => {
      if (exited) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    },
  };
}

/**
 * A built service as its own process for a crash test to kill and start again: in `schema`, as
 * member of `consumerGroup`, on a port it picks, not waited for. `env` adds the test's own settings
 * (its fault to inject).
 */
export function spawnServiceForCrash(
  name: string,
  options: { readonly schema: string; readonly consumerGroup: string },
  env: Record<string, string>,
): ChildProcess {
  const prefix = envPrefixOf(name);
  return spawn(process.execPath, [mainOf(name)], {
    env: {
      ...process.env,
      ...testServiceEnv(name, options),
      [`${prefix}_HTTP_PORT`]: '0',
      // the killed member must leave the group quickly for the restarted one to get its partitions
      [`${prefix}_CONSUMER_SESSION_TIMEOUT_MS`]: '6000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
