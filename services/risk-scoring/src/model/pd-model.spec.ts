import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ArtifactError } from './artifact';
import { FEATURE_COUNT, HISTORY_MONTHS, emptyRepaymentHistory, fillFromServingInput, toFeatureVector } from './feature-mapping';
import { DEFAULT_ARTIFACT_PATH, PdModel, PdModelError, type ScoringInput } from './pd-model';

const artifactJson = JSON.parse(readFileSync(DEFAULT_ARTIFACT_PATH, 'utf8'));
const model = PdModel.fromArtifact(artifactJson, { referenceCreditLimits: { CNY: '20000.00' } });

const months = ['2025-06', '2025-05', '2025-04', '2025-03', '2025-02', '2025-01'];

/** Six on-time months, small balances paid in full. */
const cleanPayer: ScoringInput = {
  currency: 'TWD',
  creditLimit: '200000.00',
  history: months.map((month) => ({ month, repaymentStatus: -1, billAmount: '5000.00', paidAmount: '5000.00' })),
};

/** Two months late and rising, balance at the limit, nothing paid. */
const distressed: ScoringInput = {
  currency: 'TWD',
  creditLimit: '50000.00',
  history: months.map((month, i) => ({ month, repaymentStatus: i < 3 ? 3 - i : 0, billAmount: `${49_000 - i * 1_000}.00`, paidAmount: '0.00' })),
};

describe('PdModel with the shipped artifact', () => {
  it('is the artifact this code expects', () => {
    expect(model.modelVersion).toBe(artifactJson.modelVersion);
    expect(artifactJson.training.dataSha256).toBe('f66a00571e0dea661c9865489209998218d784fe8f61ff01240ab53d20f25bb3');
    expect(artifactJson.training.excludedAttributes).toEqual(['SEX', 'EDUCATION', 'MARRIAGE', 'AGE']);
  });

  it('scores known cases within bounds, and in the right order', () => {
    const clean = model.score(cleanPayer);
    const bad = model.score(distressed);
    expect(clean.probability).toBeGreaterThan(0.02);
    expect(clean.probability).toBeLessThan(0.2);
    expect(bad.probability).toBeGreaterThan(0.6);
    expect(bad.probability).toBeLessThan(0.95);
    expect(bad.historyMonths).toBe(HISTORY_MONTHS);
    expect(bad.reasons.length).toBeGreaterThan(0);
    expect(bad.reasons.map((r) => r.code)).toContain('LATEST_PAYMENT_DELAYED');
    for (const r of bad.reasons) {
      expect(r.contribution).toBeGreaterThan(0);
      expect(r.text['zh-CN'].length).toBeGreaterThan(0);
      expect(r.text.en.length).toBeGreaterThan(0);
    }
    expect(model.score(distressed, { top: 0 }).reasons).toEqual([]);
  });

  it('explains each score exactly: base value plus contributions is the raw score', () => {
    const status = fc.integer({ min: -2, max: 9 });
    const entry = fc.record({ status, bill: fc.integer({ min: -10_000, max: 400_000 }), paid: fc.integer({ min: 0, max: 100_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 800_000 }), fc.array(entry, { minLength: 0, maxLength: 6 }), (limit, ms) => {
        const input: ScoringInput = {
          currency: 'TWD',
          creditLimit: `${limit}.00`,
          history: ms.map((m, i) => ({ month: months[i], repaymentStatus: m.status, billAmount: `${m.bill}.00`, paidAmount: `${m.paid}.00` })),
        };
        const scored = model.score(input);
        const x = toFeatureVector(fillFromServingInput(input, 14_000_000, emptyRepaymentHistory()), new Float64Array(FEATURE_COUNT));
        const e = model.explainFully(x);
        const sum = e.contributions.reduce((s, v) => s + v, e.baseValue);
        expect(sum).toBeCloseTo(e.rawScore, 9);
        expect(e.rawScore).toBe(scored.rawScore);
        expect(scored.probability).toBe(model.probability(x));
        expect(scored.probability).toBeGreaterThan(0);
        expect(scored.probability).toBeLessThan(1);
        // Reported reasons are group sums of those same contributions.
        const total = scored.reasons.reduce((s, r) => s + r.contribution, 0);
        expect(total).toBeLessThanOrEqual(e.contributions.reduce((s, v) => s + Math.max(v, 0), 0) + 1e-9);
        const c = model.challengerExplanation(x);
        expect(c.contributions.reduce((s, v) => s + v, c.baseValue)).toBeCloseTo(c.rawScore, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('compares a limit with its own currency’s reference, and refuses an unconfigured currency', () => {
    const inCny: ScoringInput = {
      ...cleanPayer,
      currency: 'CNY',
      // Amounts scaled by the ratio of the reference limits (20,000 CNY ↔ 140,000 TWD).
      creditLimit: '28571.43',
      history: cleanPayer.history?.map((h) => ({ ...h, billAmount: '714.29', paidAmount: '714.29' })),
    };
    expect(model.score(inCny).probability).toBeCloseTo(model.score(cleanPayer).probability, 2);
    expect(() => model.score({ ...cleanPayer, currency: 'GBP' })).toThrow(PdModelError);
    expect(model.currencies.sort()).toEqual(['CNY', 'TWD']);
  });

  it('refuses an artifact built for another feature mapping', () => {
    expect(() => PdModel.fromArtifact({ ...artifactJson, featureMappingVersion: 999 })).toThrow(ArtifactError);
    expect(() => PdModel.fromArtifact({ ...artifactJson, features: [...artifactJson.features].reverse() })).toThrow(ArtifactError);
    expect(() => PdModel.fromArtifact({ ...artifactJson, model: { ...artifactJson.model, trees: [] } })).toThrow(ArtifactError);
  });
});
