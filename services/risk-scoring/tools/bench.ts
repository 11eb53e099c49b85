/**
 * Scoring latency of the shipped artifact, in-process, one case at a time.
 *
 *   npx tsc -p services/risk-scoring/tools/tsconfig.json
 *   node dist/risk-scoring-tools/services/risk-scoring/tools/bench.js [cases]
 *
 * Cases are synthetic contract-shaped inputs (decimal strings, 6–12 months), so the figure includes
 * parsing money strings and months, the feature mapping, the tree walk and, where asked, reasons.
 */
import { join } from 'node:path';
import { PdModel, type ScoringInput, CURRENT_MODEL_VERSION } from '../src/model/pd-model';
import { Prng } from '../src/model/prng';
import { repoRoot } from './training-data';

function syntheticCases(n: number, seed: number): ScoringInput[] {
  const rng = new Prng(seed);
  const money = (max: number): string => `${rng.nextInt(max)}.${String(rng.nextInt(100)).padStart(2, '0')}`;
  return Array.from({ length: n }, () => {
    const months = 6 + rng.nextInt(7);
    return {
      currency: 'TWD',
      creditLimit: money(500_000),
      history: Array.from({ length: months }, (_, i) => ({
        month: `${2024 - Math.floor(i / 12)}-${String(12 - (i % 12)).padStart(2, '0')}`,
        repaymentStatus: rng.nextInt(12) - 2,
        billAmount: rng.next() < 0.05 ? `-${money(5_000)}` : money(400_000),
        paidAmount: money(50_000),
      })),
    };
  });
}

function time(label: string, cases: ScoringInput[], run: (c: ScoringInput) => number, rounds: number): void {
  let sink = 0;
  // Warm-up so the JIT has optimised the path before it is measured.
  for (let i = 0; i < Math.min(20_000, cases.length * 4); i++) sink += run(cases[i % cases.length]);
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const c of cases) sink += run(c);
  const ns = Number(process.hrtime.bigint() - started);
  const perCase = ns / 1000 / (rounds * cases.length);
  process.stdout.write(`${label.padEnd(44)} ${perCase.toFixed(2)} µs/case  (checksum ${sink.toFixed(3)})\n`);
}

function main(): void {
  const n = Number(process.argv[2] ?? 10_000);
  const model = PdModel.load(join(repoRoot(), 'services/risk-scoring/src/model/artifacts', `pd-model.v${CURRENT_MODEL_VERSION}.json`));
  const cases = syntheticCases(n, 42);
  process.stdout.write(`pd-model v${model.modelVersion}, ${n} synthetic cases, node ${process.version}\n`);
  time('score, probability only (top: 0)', cases, (c) => model.score(c, { top: 0 }).probability, 10);
  time('score + 3 reasons (zh-CN and en texts)', cases, (c) => model.score(c, { top: 3 }).reasons.length, 10);
}

main();
