import { z } from 'zod';
import { AMOUNT_PATTERN, DPD_BUCKETS, type DpdBucket, JURISDICTIONS, type Jurisdiction } from '@clearpath/contracts';
import { CHANNELS, type Channel } from '../compliance/channel';
import { templateIdentifier, TONES, type Tone } from '../templates/template.schema';

/**
 * The treatment file format (`treatments/<treatmentId>.treatment.json`): a treatment is an ordered
 * list of contact steps, each with a trigger and conditions. Structure is checked here; the
 * cross-checks against the template catalog live in the treatment catalog.
 */
export const TREATMENT_EVENTS = ['segmented', 'payment', 'promise-broken', 'contact'] as const;
export type TreatmentEvent = (typeof TREATMENT_EVENTS)[number];

const money = z.string().regex(AMOUNT_PATTERN, 'must be a decimal amount string, e.g. "20000.00"');
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM"');

const triggerSchema = z
  .strictObject({
    daysPastDue: z.number().int().min(1, 'must be at least 1').optional(),
    daysSinceEvent: z.strictObject({ event: z.enum(TREATMENT_EVENTS), days: z.number().int().min(0, 'must be 0 or more') }).optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.daysPastDue === undefined) === (t.daysSinceEvent === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'must have exactly one of daysPastDue or daysSinceEvent' });
    }
  })
  .transform((t): StepTrigger => (t.daysSinceEvent !== undefined ? { daysSinceEvent: t.daysSinceEvent } : { daysPastDue: t.daysPastDue as number }));

const conditionsSchema = z.strictObject({
  /** Hold the step while the debtor has an open promise to pay: chasing a promise not yet due is pressure, not service. */
  noOpenPromise: z.literal(true).optional(),
  minBucket: z.enum(DPD_BUCKETS).optional(),
  /** At least this much overdue, per currency; a case in a currency not listed never meets it. */
  minOverdue: z
    .strictObject({ CNY: money.optional(), USD: money.optional(), GBP: money.optional() })
    .refine((m) => Object.values(m).some((v) => v !== undefined), 'must name at least one currency')
    .optional(),
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).optional(),
  /** Not before this local time in the debtor's time zone (protected cases: no voice before 10:00). */
  notBeforeLocalTime: timeOfDay.optional(),
});

const stepSchema = z.strictObject({
  stepId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]'),
  trigger: triggerSchema,
  channel: z.enum(CHANNELS),
  template: templateIdentifier,
  conditions: conditionsSchema.optional(),
  /** Why the step is there, for the next person to edit the file (JSON has no comments). */
  note: z.string().optional(),
});

export const treatmentFileSchema = z
  .strictObject({
    treatmentId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]'),
    version: z.number().int().min(1, 'must be a positive integer'),
    tone: z.enum(TONES),
    /** The treatment for protected cases (vulnerable, dispute...): held to stricter rules at load. */
    protected: z.boolean().optional(),
    description: z.string().optional(),
    steps: z.array(stepSchema).min(1, 'must have at least one step'),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.steps.forEach((step, i) => {
      if (seen.has(step.stepId)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'stepId'], message: `duplicate step id "${step.stepId}"` });
      seen.add(step.stepId);
    });
  });

export type StepTrigger = { readonly daysPastDue: number } | { readonly daysSinceEvent: { readonly event: TreatmentEvent; readonly days: number } };

export interface StepConditions {
  readonly noOpenPromise?: true;
  readonly minBucket?: DpdBucket;
  readonly minOverdue?: Readonly<Partial<Record<'CNY' | 'USD' | 'GBP', string>>>;
  readonly jurisdictions?: readonly Jurisdiction[];
  readonly notBeforeLocalTime?: string;
}

export interface TreatmentStep {
  readonly stepId: string;
  readonly trigger: StepTrigger;
  readonly channel: Channel;
  readonly template: string;
  readonly conditions?: StepConditions;
  readonly note?: string;
}

/** A loaded, validated treatment. */
export interface Treatment {
  readonly treatmentId: string;
  readonly version: number;
  readonly tone: Tone;
  readonly protected?: boolean;
  readonly description?: string;
  readonly steps: readonly TreatmentStep[];
}

export type TreatmentFile = z.infer<typeof treatmentFileSchema>;
