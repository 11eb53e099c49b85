import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldErrorsFrom, JURISDICTIONS, LOCALES, type Jurisdiction, type Locale } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';
import type { Channel } from '../compliance/channel';
import { CatalogLoadError, type CatalogProblem } from './catalog-load.error';
import { standardDisclosures } from './disclosure.lines';
import { renderTemplate, type TemplateVariables } from './template.renderer';
import { templateFileSchema, toDefinition, type TemplateDefinition } from './template.schema';

export const TEMPLATE_FILE_SUFFIX = '.template.json';
/** The shipped templates, beside the service's sources (tsc copies no JSON into dist/). */
export const TEMPLATES_FOLDER = 'services/contact-orchestration/templates';

const SAMPLE_CURRENCY: Record<Jurisdiction, string> = { CN: 'CNY', US: 'USD', GB: 'GBP' };
const SAMPLE_NAME: Record<Locale, string> = { 'zh-CN': '王小明', 'en-US': 'Alex Morgan', 'en-GB': 'Sam Taylor' };

/**
 * Ordinary values for every variable, with the standard disclosure lines of the jurisdiction: what
 * the load check renders each template with, and a fixture for tests.
 */
export function sampleVariables(jurisdiction: Jurisdiction, locale: Locale, channel: Channel): Required<TemplateVariables> {
  return {
    name: SAMPLE_NAME[locale],
    amountDue: '1712.35',
    itemizationDate: '2026-11-14',
    validationPeriodEnd: '2027-01-15',
    currency: SAMPLE_CURRENCY[jurisdiction],
    dueDate: '2026-11-15',
    selfServiceLink: 'https://pay.example.com/c/8f3k2',
    ...standardDisclosures(jurisdiction, locale, channel),
  };
}

/**
 * Every template file, validated at boot. Each locale of each template is rendered with sample
 * values for every jurisdiction and run through the content rules, so a forbidden phrase, or a
 * template that leaves out a required line, stops the service before any message is built.
 */
export class TemplateCatalog {
  private constructor(
    readonly folder: string,
    private readonly byId: ReadonlyMap<string, TemplateDefinition>,
  ) {}

  static load(folder: string = repoPath(TEMPLATES_FOLDER, { folder: true })): TemplateCatalog {
    const problems: CatalogProblem[] = [];
    const byId = new Map<string, TemplateDefinition>();
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const template = loadTemplateFile(folder, file, problems);
      if (template !== undefined) byId.set(template.templateId, template);
    }
    if (files.length === 0) problems.push({ file: folder, path: '(root)', message: `no *${TEMPLATE_FILE_SUFFIX} files` });
    if (problems.length > 0) throw new CatalogLoadError('templates', folder, problems);
    return new TemplateCatalog(folder, byId);
  }

  /** The template, or an error naming the id: asking for a template the catalog lacks is a bug. */
  get(templateId: string): TemplateDefinition {
    const template = this.byId.get(templateId);
    if (template === undefined) throw new Error(`unknown template "${templateId}"`);
    return template;
  }

  find(templateId: string): TemplateDefinition | undefined {
    return this.byId.get(templateId);
  }

  /** All templates, by id. */
  list(): readonly TemplateDefinition[] {
    return [...this.byId.values()].sort((a, b) => a.templateId.localeCompare(b.templateId));
  }

  /** templateId → version, for the audit trail of what was sent. */
  versions(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.list().map((t) => [t.templateId, t.version]));
  }
}

function loadTemplateFile(folder: string, file: string, problems: CatalogProblem[]): TemplateDefinition | undefined {
  const problem = (path: string, message: string): undefined => {
    problems.push({ file, path, message });
    return undefined;
  };
  // A misnamed file would otherwise be skipped in silence, and its template missed.
  if (!file.endsWith(TEMPLATE_FILE_SUFFIX)) return problem('(root)', `not a template file name: expected <templateId>${TEMPLATE_FILE_SUFFIX}`);

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  } catch (e) {
    return problem('(root)', `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = templateFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const error of fieldErrorsFrom(parsed.error)) problem(error.path, error.message);
    return undefined;
  }
  const expectedId = file.slice(0, -TEMPLATE_FILE_SUFFIX.length);
  if (parsed.data.templateId !== expectedId)
    return problem('templateId', `"${parsed.data.templateId}" does not match the file name (expected "${expectedId}")`);

  const template = toDefinition(parsed.data, file);
  const before = problems.length;
  for (const locale of LOCALES) {
    if (template.locales[locale] === undefined) continue;
    // One problem per rule and match, naming every jurisdiction it failed in.
    const found = new Map<string, { ruleId: string; match: string; jurisdictions: Jurisdiction[] }>();
    for (const jurisdiction of JURISDICTIONS) {
      const result = renderTemplate(template, locale, sampleVariables(jurisdiction, locale, template.channel), jurisdiction);
      if (result.ok) continue;
      for (const v of result.violations) {
        const key = `${v.ruleId}\u0000${v.match}`;
        const entry = found.get(key) ?? { ruleId: v.ruleId, match: v.match, jurisdictions: [] };
        entry.jurisdictions.push(jurisdiction);
        found.set(key, entry);
      }
    }
    for (const v of found.values()) {
      const what = v.match === '' ? 'required content is missing' : `matched "${v.match}"`;
      problem(`locales.${locale}`, `content rule ${v.ruleId}: ${what} (checked for ${v.jurisdictions.join(', ')})`);
    }
  }
  return problems.length === before ? template : undefined;
}
