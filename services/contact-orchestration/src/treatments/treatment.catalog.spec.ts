import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '@clearpath/platform';
import { CatalogLoadError, formatProblem } from '../templates/catalog-load.error';
import { TemplateCatalog } from '../templates/template.catalog';
import type { TemplateDefinition } from '../templates/template.schema';
import { TREATMENTS_FOLDER, TreatmentCatalog, type TemplateLookup } from './treatment.catalog';

const templates = TemplateCatalog.load();

/** A valid firm treatment; tests change one thing in it. */
function aFirmTreatment(): Record<string, any> {
  return {
    treatmentId: 'firm-field',
    version: 2,
    tone: 'firm',
    steps: [
      { stepId: 'sms-1', trigger: { daysSinceEvent: { event: 'segmented', days: 0 } }, channel: 'SMS', template: 'firm-sms' },
      {
        stepId: 'voice-1',
        trigger: { daysSinceEvent: { event: 'segmented', days: 1 } },
        channel: 'VOICE',
        template: 'firm-voice',
        conditions: { noOpenPromise: true },
      },
      {
        stepId: 'field-visit-1',
        trigger: { daysPastDue: 75 },
        channel: 'FIELD_VISIT',
        template: 'firm-field-visit',
        conditions: { minBucket: 'M3', minOverdue: { CNY: '20000.00' } },
      },
    ],
  };
}

describe('TreatmentCatalog', () => {
  describe('the shipped treatments', () => {
    const catalog = TreatmentCatalog.load(templates);

    it('are the seven treatments, each version 1 or later', () => {
      expect(catalog.folder).toBe(repoPath(TREATMENTS_FOLDER, { folder: true }));
      expect(Object.keys(catalog.versions())).toEqual([
        'firm-field',
        'firm-reminder',
        'gentle-protected',
        'gentle-reminder',
        'plan-offer-early',
        'plan-offer-settlement',
        'standard-reminder',
      ]);
      for (const version of Object.values(catalog.versions())) expect(version).toBeGreaterThanOrEqual(1);
    });

    it("include every treatment risk-scoring's segmentation policy can assign", () => {
      // The case-segmented event carries the treatment id as a string; this is the other half of that contract.
      const policy = JSON.parse(readFileSync(join(__dirname, '../../../risk-scoring/policies/segmentation.policy.json'), 'utf8'));
      const assigned = new Set<string>();
      for (const arm of [policy.champion, policy.challenger]) {
        for (const rule of arm.rules) assigned.add(rule.treatment);
        assigned.add(arm.protectedTreatment.treatment);
      }
      for (const id of assigned) expect(catalog.find(id)?.treatmentId).toBe(id);
    });

    it('plan field visits only for M3+ above a threshold, and never in the protected treatment', () => {
      const visits = catalog.list().flatMap((t) => t.steps.filter((s) => s.channel === 'FIELD_VISIT').map((s) => ({ t, s })));
      expect(visits.map(({ t }) => t.treatmentId)).toEqual(['firm-field']);
      for (const { s } of visits) {
        expect(['M3', 'M4+']).toContain(s.conditions?.minBucket);
        expect(s.conditions?.minOverdue).toEqual({ CNY: '20000.00', USD: '3000.00', GBP: '2500.00' });
      }
      const gentle = catalog.get('gentle-protected');
      expect(gentle.protected).toBe(true);
      for (const step of gentle.steps.filter((s) => s.channel === 'VOICE')) expect(step.conditions?.notBeforeLocalTime).toBe('10:00');
    });

    it('get() names an unknown treatment', () => {
      expect(() => catalog.get('aggressive')).toThrow('unknown treatment "aggressive"');
    });
  });

  describe('validation', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'treatments-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const problemsOf = (treatment: unknown, file = 'firm-field.treatment.json', lookup: TemplateLookup = templates): string[] => {
      writeFileSync(join(dir, file), typeof treatment === 'string' ? treatment : JSON.stringify(treatment));
      try {
        TreatmentCatalog.load(lookup, dir);
      } catch (e) {
        if (e instanceof CatalogLoadError) return e.problems.map(formatProblem);
        throw e;
      }
      return [];
    };

    it('accepts a valid treatment', () => {
      expect(problemsOf(aFirmTreatment())).toEqual([]);
      expect(TreatmentCatalog.load(templates, dir).get('firm-field').steps[2].trigger).toEqual({ daysPastDue: 75 });
    });

    it.each<[string, (t: Record<string, any>) => void, string]>([
      ['an unknown template', (t) => (t.steps[2].template = 'firm-doorstep'), 'firm-field.treatment.json: steps[2].template: unknown template "firm-doorstep"'],
      [
        'a channel that differs from the template',
        (t) => (t.steps[1].channel = 'SMS'),
        'firm-field.treatment.json: steps[1].channel: SMS does not match the channel of template "firm-voice" (VOICE)',
      ],
      [
        'a template in another tone',
        (t) => (t.steps[0].template = 'gentle-sms'),
        'firm-field.treatment.json: steps[0].template: template "gentle-sms" is gentle, the treatment is firm',
      ],
      [
        'a field visit without a bucket floor',
        (t) => delete t.steps[2].conditions.minBucket,
        'firm-field.treatment.json: steps[2].conditions.minBucket: a FIELD_VISIT step needs minBucket M3 or later',
      ],
      [
        'a field visit from M2',
        (t) => (t.steps[2].conditions.minBucket = 'M2'),
        'firm-field.treatment.json: steps[2].conditions.minBucket: a FIELD_VISIT step needs minBucket M3 or later',
      ],
      [
        'a field visit without a balance threshold',
        (t) => delete t.steps[2].conditions.minOverdue,
        'firm-field.treatment.json: steps[2].conditions.minOverdue: a FIELD_VISIT step needs a balance threshold',
      ],
      [
        'a malformed threshold',
        (t) => (t.steps[2].conditions.minOverdue.CNY = '20,000'),
        'firm-field.treatment.json: steps[2].conditions.minOverdue.CNY: must be a decimal amount string',
      ],
      ['a duplicate step id', (t) => (t.steps[1].stepId = 'sms-1'), 'firm-field.treatment.json: steps[1].stepId: duplicate step id "sms-1"'],
      [
        'a trigger with two kinds',
        (t) => (t.steps[0].trigger.daysPastDue = 3),
        'firm-field.treatment.json: steps[0].trigger: must have exactly one of daysPastDue or daysSinceEvent',
      ],
      [
        'an empty trigger',
        (t) => (t.steps[0].trigger = {}),
        'firm-field.treatment.json: steps[0].trigger: must have exactly one of daysPastDue or daysSinceEvent',
      ],
      [
        'an unknown event',
        (t) => (t.steps[1].trigger.daysSinceEvent.event = 'birthday'),
        'firm-field.treatment.json: steps[1].trigger.daysSinceEvent.event: Invalid option',
      ],
      [
        'an unknown condition',
        (t) => (t.steps[1].conditions.onlyWeekdays = true),
        'firm-field.treatment.json: steps[1].conditions: Unrecognized key: "onlyWeekdays"',
      ],
      [
        'a bad local time',
        (t) => (t.steps[1].conditions.notBeforeLocalTime = '9:00'),
        'firm-field.treatment.json: steps[1].conditions.notBeforeLocalTime: must be a local time "HH:MM"',
      ],
      [
        'an unknown jurisdiction',
        (t) => (t.steps[2].conditions.jurisdictions = ['FR']),
        'firm-field.treatment.json: steps[2].conditions.jurisdictions[0]: Invalid option',
      ],
      [
        'an id that differs from the file name',
        (t) => (t.treatmentId = 'firm-feld'),
        'firm-field.treatment.json: treatmentId: "firm-feld" does not match the file name',
      ],
      ['no steps', (t) => (t.steps = []), 'firm-field.treatment.json: steps: must have at least one step'],
    ])('names the file and path of %s', (_, change, expected) => {
      const treatment = aFirmTreatment();
      change(treatment);
      expect(problemsOf(treatment)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
    });

    it('refuses a template that lacks a locale, since any case may read any locale', () => {
      const enOnly: TemplateLookup = {
        find: (id): TemplateDefinition | undefined => {
          const t = templates.find(id);
          return t && id === 'firm-sms' ? { ...t, locales: { 'en-GB': t.locales['en-GB'] } } : t;
        },
      };
      expect(problemsOf(aFirmTreatment(), undefined, enOnly)).toEqual([
        'firm-field.treatment.json: steps[0].template: template "firm-sms" has no text for zh-CN, en-US',
      ]);
    });

    it('holds the protected treatment to the vulnerable-customer rules', () => {
      const treatment = { ...aFirmTreatment(), treatmentId: 'gentle-protected', protected: true };
      expect(problemsOf(treatment, 'gentle-protected.treatment.json')).toEqual(
        expect.arrayContaining([
          'gentle-protected.treatment.json: tone: a protected treatment must be gentle (flag-vulnerable)',
          'gentle-protected.treatment.json: steps[1].conditions.notBeforeLocalTime: a protected treatment plans VOICE only from 10:00 (flag-vulnerable)',
          'gentle-protected.treatment.json: steps[2].channel: a protected treatment never plans a FIELD_VISIT (flag-vulnerable)',
        ]),
      );
    });

    it('refuses a voice step before 10:00 in the protected treatment', () => {
      const shipped = JSON.parse(readFileSync(join(repoPath(TREATMENTS_FOLDER, { folder: true }), 'gentle-protected.treatment.json'), 'utf8'));
      shipped.steps[3].conditions.notBeforeLocalTime = '09:30';
      expect(problemsOf(shipped, 'gentle-protected.treatment.json')).toEqual([
        'gentle-protected.treatment.json: steps[3].conditions.notBeforeLocalTime: a protected treatment plans VOICE only from 10:00 (flag-vulnerable)',
      ]);
    });

    it('refuses a misnamed file and broken JSON instead of skipping them', () => {
      expect(problemsOf(aFirmTreatment(), 'firm-field.json')).toEqual([
        'firm-field.json: (root): not a treatment file name: expected <treatmentId>.treatment.json',
      ]);
      rmSync(join(dir, 'firm-field.json'));
      expect(problemsOf('{"treatmentId":')).toEqual([expect.stringMatching(/^firm-field\.treatment\.json: \(root\): not valid JSON/)]);
    });
  });
});
