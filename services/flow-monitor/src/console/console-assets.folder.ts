import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the console's static files (`services/flow-monitor/src/console`) from wherever the code
 * runs: `src/` under jest, `dist/services/...` after the build (tsc copies no HTML, JS or CSS),
 * `/app` in the image (which ships `services/`). Walking up keeps all three working.
 */
export function findConsoleFolder(from: string = __dirname): string {
  const relative = join('services', 'flow-monitor', 'src', 'console');
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(join(candidate, 'index.html')) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
