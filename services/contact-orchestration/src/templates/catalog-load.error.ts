/** One problem in one data file, located by its path in the document (`steps[2].template`). */
export interface CatalogProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown at boot when template or treatment files are invalid. It lists every problem in every file
 * at once, so a bad release is fixed in one round rather than one error per restart.
 */
export class CatalogLoadError extends Error {
  constructor(
    readonly catalog: 'templates' | 'treatments',
    readonly folder: string,
    readonly problems: readonly CatalogProblem[],
  ) {
    super(`invalid ${catalog} in ${folder}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'CatalogLoadError';
  }
}

export function formatProblem(p: CatalogProblem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}
