import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RepoPathOptions {
  /** Where to start walking up; this file's folder by default (`libs/platform/src` or its build output). */
  readonly from?: string;
  /** Only a folder will do (the data folders beside a service). */
  readonly folder?: boolean;
}

/**
 * A file or folder shipped in the repository (a model artifact, a policy, a data set, a service's
 * templates), found from wherever the code runs: the sources under jest, `dist/` after the build,
 * `/app` in the container image (which ships `libs/`, `services/` and `dist/`). Walking up, rather
 * than a fixed `../..`, keeps all three working. `relative` is from the repository root, e.g.
 * `services/risk-scoring/src/model/serving.json`.
 *
 * tsc copies no data into `dist/`, but `dist/` holds the compiled `services/<name>/src/...` folders:
 * look for a file inside a folder (`.../console/index.html`), not for a folder that a build output
 * also has.
 */
export function repoPath(relative: string, options: RepoPathOptions = {}): string {
  const from = options.from ?? __dirname;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate) && (!options.folder || statSync(candidate).isDirectory())) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
