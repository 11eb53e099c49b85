import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The running service loads the model artifact and its evaluators, never the training code: the
 * trainers (and what only they import) stay out of the import graph that starts at main.ts.
 */
function runtimeGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.{1,2}\/[^']+)'/gm)) {
      const base = join(dirname(file), spec!);
      const resolved = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (resolved !== undefined) visit(resolved);
    }
  };
  visit(entry);
  return seen;
}

describe('risk-scoring at run time', () => {
  it('imports no training code from main.ts', () => {
    const graph = [...runtimeGraph(join(__dirname, 'main.ts'))].map((file) => relative(__dirname, file));
    expect(graph).toContain('model/pd-model.ts');
    expect(graph).toContain('model/logistic.model.ts');
    expect(graph.filter((file) => /trainer|tools\//.test(file))).toEqual([]);
  });
});
