import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DPD_BUCKETS, fieldErrorsFrom, formatPath, LOCALES } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';
import { CatalogLoadError, type CatalogProblem } from '../templates/catalog-load.error';
import type { TemplateDefinition } from '../templates/template.schema';
import { treatmentFileSchema, type Treatment, type TreatmentFile } from './treatment.schema';

export const TREATMENT_FILE_SUFFIX = '.treatment.json';
/** The shipped treatments, beside the service's sources (tsc copies no JSON into dist/). */
export const TREATMENTS_FOLDER = 'services/contact-orchestration/treatments';

/** Field visits are the most intrusive contact: only for severe cases, and only above a balance. */
const FIELD_VISIT_MIN_BUCKET = 'M3';
/** flag-vulnerable (COMPLIANCE.md): no voice before 10:00. */
const PROTECTED_VOICE_NOT_BEFORE = '10:00';

/** What the treatment catalog needs of the template catalog. */
export interface TemplateLookup {
  find(templateId: string): TemplateDefinition | undefined;
}

/**
 * Every treatment file, validated at boot against its schema and against the template catalog:
 * each step's template exists in every locale, on the step's channel, in the treatment's tone.
 * A treatment cannot plan what the guard would refuse anyway (a field visit below M3, a protected
 * case called before 10:00), so the plan and the audit trail never show such steps.
 */
export class TreatmentCatalog {
  private constructor(
    readonly folder: string,
    private readonly byId: ReadonlyMap<string, Treatment>,
  ) {}

  static load(templates: TemplateLookup, folder: string = repoPath(TREATMENTS_FOLDER, { folder: true })): TreatmentCatalog {
    const problems: CatalogProblem[] = [];
    const byId = new Map<string, Treatment>();
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const treatment = loadTreatmentFile(folder, file, templates, problems);
      if (treatment !== undefined) byId.set(treatment.treatmentId, treatment);
    }
    if (files.length === 0) problems.push({ file: folder, path: '(root)', message: `no *${TREATMENT_FILE_SUFFIX} files` });
    if (problems.length > 0) throw new CatalogLoadError('treatments', folder, problems);
    return new TreatmentCatalog(folder, byId);
  }

  /** The treatment, or an error naming the id: risk-scoring named a treatment this service does not ship. */
  get(treatmentId: string): Treatment {
    const treatment = this.byId.get(treatmentId);
    if (treatment === undefined) throw new Error(`unknown treatment "${treatmentId}"`);
    return treatment;
  }

  find(treatmentId: string): Treatment | undefined {
    return this.byId.get(treatmentId);
  }

  /** All treatments, by id. */
  list(): readonly Treatment[] {
    return [...this.byId.values()].sort((a, b) => a.treatmentId.localeCompare(b.treatmentId));
  }

  /** treatmentId → version, recorded with every plan so an audit can tell which rules applied. */
  versions(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.list().map((t) => [t.treatmentId, t.version]));
  }
}

function loadTreatmentFile(folder: string, file: string, templates: TemplateLookup, problems: CatalogProblem[]): Treatment | undefined {
  const before = problems.length;
  const problem = (path: PropertyKey[] | string, message: string): void => {
    problems.push({ file, path: typeof path === 'string' ? path : formatPath(path), message });
  };
  if (!file.endsWith(TREATMENT_FILE_SUFFIX)) {
    problem('(root)', `not a treatment file name: expected <treatmentId>${TREATMENT_FILE_SUFFIX}`);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  } catch (e) {
    problem('(root)', `not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const parsed = treatmentFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const error of fieldErrorsFrom(parsed.error)) problem(error.path, error.message);
    return undefined;
  }
  const treatment = parsed.data;
  const expectedId = file.slice(0, -TREATMENT_FILE_SUFFIX.length);
  if (treatment.treatmentId !== expectedId) problem(['treatmentId'], `"${treatment.treatmentId}" does not match the file name (expected "${expectedId}")`);
  crossCheck(treatment, templates, problem);
  return problems.length === before ? treatment : undefined;
}

function crossCheck(treatment: TreatmentFile, templates: TemplateLookup, problem: (path: PropertyKey[], message: string) => void): void {
  if (treatment.protected === true && treatment.tone !== 'gentle') problem(['tone'], 'a protected treatment must be gentle (flag-vulnerable)');

  treatment.steps.forEach((step, i) => {
    const at = (...rest: PropertyKey[]): PropertyKey[] => ['steps', i, ...rest];
    const template = templates.find(step.template);
    if (template === undefined) {
      problem(at('template'), `unknown template "${step.template}"`);
    } else {
      const missing = LOCALES.filter((locale) => template.locales[locale] === undefined);
      if (missing.length > 0) problem(at('template'), `template "${step.template}" has no text for ${missing.join(', ')}`);
      if (template.channel !== step.channel)
        problem(at('channel'), `${step.channel} does not match the channel of template "${step.template}" (${template.channel})`);
      if (template.tone !== treatment.tone) problem(at('template'), `template "${step.template}" is ${template.tone}, the treatment is ${treatment.tone}`);
    }

    const conditions = step.conditions ?? {};
    if (step.channel === 'FIELD_VISIT') {
      if (conditions.minBucket === undefined || DPD_BUCKETS.indexOf(conditions.minBucket) < DPD_BUCKETS.indexOf(FIELD_VISIT_MIN_BUCKET)) {
        problem(at('conditions', 'minBucket'), `a FIELD_VISIT step needs minBucket ${FIELD_VISIT_MIN_BUCKET} or later`);
      }
      if (conditions.minOverdue === undefined) problem(at('conditions', 'minOverdue'), 'a FIELD_VISIT step needs a balance threshold');
      if (treatment.protected === true) problem(at('channel'), 'a protected treatment never plans a FIELD_VISIT (flag-vulnerable)');
    }
    if (treatment.protected === true && step.channel === 'VOICE') {
      // "HH:MM" strings compare in time order.
      if (conditions.notBeforeLocalTime === undefined || conditions.notBeforeLocalTime < PROTECTED_VOICE_NOT_BEFORE) {
        problem(at('conditions', 'notBeforeLocalTime'), `a protected treatment plans VOICE only from ${PROTECTED_VOICE_NOT_BEFORE} (flag-vulnerable)`);
      }
    }
  });
}
