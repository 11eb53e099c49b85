import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds a file shipped in the repository (the labelled set) from wherever the code runs: `src/`
 * under jest, `dist/` in production, `/app` in the container image.
 */
export function repoFile(relative: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
