import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JURISDICTIONS } from '@clearpath/contracts';
import { CONTENT_RULES } from './content.rules';
import { SHIPPED_PROFILES } from './jurisdiction-profiles';
import { VALIDATION_NOTICE } from './contact-guard';
import { STALE_CONTENT } from './stale-content.rule';
import { STOP_RULES } from './stop.rules';

/** compliance.md is the auditor's map of the rules: it must name exactly the rule ids the code enforces. */
describe('compliance.md', () => {
  const doc = readFileSync(join(__dirname, 'compliance.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
  const enforced = new Set([
    ...STOP_RULES.map((r) => r.ruleId),
    STALE_CONTENT,
    VALIDATION_NOTICE,
    ...CONTENT_RULES.map((r) => r.ruleId),
    ...JURISDICTIONS.flatMap((j) => {
      const p = SHIPPED_PROFILES[j];
      return [
        ...p.windows.map((w) => w.ruleId),
        ...p.frequency.map((f) => f.ruleId),
        p.spacing.ruleId,
        p.holidays.ruleId,
        p.vulnerable.ruleId,
        ...(p.fieldVisit ? [p.fieldVisit.ruleId] : []),
      ];
    }),
  ]);

  it('documents every rule id the guard can return, and no other', () => {
    expect([...documented].sort()).toEqual([...enforced].sort());
  });

  it('lists every rule id with its key and source in the service README, and no other', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \|$/gm)];
    expect(rows.map((m) => m[1]).sort()).toEqual([...enforced].sort());
    for (const m of rows) {
      expect(m[2].trim()).toMatch(/^(person|debt|message|the attempt|the visit)/);
      expect(m[3].trim()).not.toBe('');
    }
  });
});
