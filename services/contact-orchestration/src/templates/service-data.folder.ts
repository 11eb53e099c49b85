import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds a data folder shipped beside the service (`services/contact-orchestration/templates`,
 * `.../treatments`) from wherever the code runs: `src/` under jest, `dist/services/...` after the
 * build (tsc does not copy JSON), `/app` in the image. Walking up, rather than a fixed `../..`,
 * keeps it working from all three.
 */
export function findServiceDataFolder(name: 'templates' | 'treatments', from: string = __dirname): string {
  const relative = join('services', 'contact-orchestration', name);
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
