import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PolicyValidationError, armOf, parsePolicySet, segment } from './segmentation-policy';

const shipped = JSON.parse(readFileSync(join(__dirname, '../../policies/segmentation.policy.json'), 'utf8'));
const policies = parsePolicySet(shipped, 'segmentation.policy.json');
const base = { loanId: 'LN-1', probabilityOfDefault: 0.1, dpdBucket: 'M1' as const, overdueAmount: '500.00', currency: 'CNY', activeFlags: [] };

/** A loan id that lands in the wanted arm under the shipped policy. */
function loanIn(arm: 'champion' | 'challenger'): string {
  for (let i = 0; ; i++) if (armOf(`LN-${i}`, policies.challengerShare, policies.armSalt) === arm) return `LN-${i}`;
}

describe('segmentation policy', () => {
  it('loads the shipped policy', () => {
    expect(policies.version).toBe('2026.12.1');
  });

  it('maps band × bucket × amount to segment and treatment, first rule wins', () => {
    const loanId = loanIn('champion');
    expect(segment(policies, { ...base, loanId })).toMatchObject({ arm: 'champion', band: 'A', segment: 'SELF_CURE', treatment: 'gentle-reminder' });
    expect(segment(policies, { ...base, loanId, probabilityOfDefault: 0.7, dpdBucket: 'M2' })).toMatchObject({ band: 'D', treatment: 'firm-reminder' });
    expect(segment(policies, { ...base, loanId, dpdBucket: 'M4+', overdueAmount: '25000.00' })).toMatchObject({
      segment: 'SEVERE_HIGH',
      treatment: 'firm-field',
    });
    expect(segment(policies, { ...base, loanId, dpdBucket: 'M4+', overdueAmount: '25000.00', currency: 'USD' })).toMatchObject({ segment: 'SEVERE_HIGH' });
    expect(segment(policies, { ...base, loanId, dpdBucket: 'M3', overdueAmount: '800.00' })).toMatchObject({ segment: 'SEVERE', treatment: 'firm-reminder' });
  });

  it('moves a debtor who broke a plan or promise to a firmer treatment in M1–M2, in both arms, but never past protection', () => {
    for (const arm of ['champion', 'challenger'] as const) {
      const loanId = loanIn(arm);
      expect(segment(policies, { ...base, loanId })).toMatchObject({ segment: 'SELF_CURE', treatment: 'gentle-reminder' });
      expect(segment(policies, { ...base, loanId, brokenPromises: 1 })).toMatchObject({ segment: 'BROKEN_PROMISE', treatment: 'firm-reminder' });
      expect(segment(policies, { ...base, loanId, brokenPromises: 1, activeFlags: ['VULNERABLE'] })).toMatchObject({ treatment: 'gentle-protected' });
    }
  });

  it('refuses minBrokenPromises on the catch-all rule', () => {
    const bad = JSON.parse(JSON.stringify(shipped));
    bad.champion.rules[bad.champion.rules.length - 1].minBrokenPromises = 1;
    expect(() => parsePolicySet(bad)).toThrow(/champion\.rules\[\d+\]: the last rule must match every case/);
  });

  it('always gives flagged customers the gentlest treatment, whatever the score and arm', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('VULNERABLE', 'DISPUTE', 'BREATHING_SPACE'),
        (loanId, p, flag) => {
          const result = segment(policies, {
            ...base,
            loanId,
            probabilityOfDefault: p,
            dpdBucket: 'M4+',
            overdueAmount: '99999.00',
            activeFlags: [flag as 'VULNERABLE'],
          });
          expect(result).toMatchObject({ treatment: 'gentle-protected', protectedCase: true });
        },
      ),
    );
  });

  it('assigns arms deterministically and close to the configured share', () => {
    expect(armOf('LN-42', 0.1, 'salt')).toBe(armOf('LN-42', 0.1, 'salt'));
    const n = 20_000;
    let challengers = 0;
    for (let i = 0; i < n; i++) if (armOf(`LN-${i}`, 0.1, 'salt') === 'challenger') challengers++;
    // 3 standard deviations of a binomial(20000, 0.1) ≈ 0.0064
    expect(Math.abs(challengers / n - 0.1)).toBeLessThan(0.0064);
    expect(segment(policies, { ...base, loanId: loanIn('challenger'), probabilityOfDefault: 0.7 })).toMatchObject({
      arm: 'challenger',
      treatment: 'plan-offer-early',
    });
  });

  it('refuses an invalid policy with errors naming the path', () => {
    const broken = structuredClone(shipped);
    broken.challengerShare = 0.9;
    broken.champion.scoreBands[1].maxProbability = '0.1000';
    broken.champion.rules[0].bands = ['Z'];
    broken.challenger.rules.push({ buckets: ['M1'], segment: 'LAST', treatment: 'x' });
    try {
      parsePolicySet(broken, 'broken.json');
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      const paths = (error as PolicyValidationError).errors.map((e) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'challengerShare',
          'champion.scoreBands[1].maxProbability',
          'champion.rules[0].bands[0]',
          `challenger.rules[${broken.challenger.rules.length - 1}]`,
        ]),
      );
      expect((error as Error).message).toContain('broken.json');
    }
  });
});
