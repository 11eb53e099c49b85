import type { Jurisdiction, Locale } from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import { checkContent, type ContentViolation } from '../compliance/content.rules';
import { currencyLabel, formatDate, formatMoney } from './locale.format';
import { isTemplateVariable, PLACEHOLDER, placeholdersIn, type TemplateDefinition, type TemplateVariable } from './template.schema';

/** https anywhere; plain http only on the loopback, for a platform run on one machine. */
export const SELF_SERVICE_URL_PATTERN = /^(https:\/\/\S+|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/\S*)?)$/;

/**
 * Variables as the service knows them: `amountDue` a decimal string ("1712.35"), `currency` an ISO
 * code, `dueDate` a calendar date ("2026-12-05"). The renderer formats them for the locale.
 * Variables a template does not use are allowed, so one bag can serve every step of a treatment;
 * names outside the vocabulary are not (they are typos).
 */
export type TemplateVariables = Readonly<Partial<Record<TemplateVariable, string>>>;

interface Rendered {
  readonly templateId: string;
  readonly templateVersion: number;
  readonly channel: Channel;
  readonly locale: Locale;
  readonly jurisdiction: Jurisdiction;
}

/** A message ready to send, or the content rules it broke: it is then never sent (COMPLIANCE.md "Message content"). */
export type RenderResult =
  | (Rendered & { readonly ok: true; readonly subject?: string; readonly body: string })
  | (Rendered & { readonly ok: false; readonly violations: readonly ContentViolation[] });

/** A caller's mistake (unknown template or locale, missing or malformed variable): a bug to fix, not a compliance outcome. */
export class TemplateRenderError extends Error {
  constructor(
    readonly templateId: string,
    readonly locale: string,
    message: string,
  ) {
    super(`template ${templateId} (${locale}): ${message}`);
    this.name = 'TemplateRenderError';
  }
}

/** Renders one template definition. Pure: the catalog uses it to check templates at load, the service through {@link TemplateRenderer}. */
export function renderTemplate(template: TemplateDefinition, locale: Locale, variables: TemplateVariables, jurisdiction: Jurisdiction): RenderResult {
  const fail = (message: string): never => {
    throw new TemplateRenderError(template.templateId, locale, message);
  };
  const text = template.locales[locale];
  if (text === undefined) return fail(`no text for locale ${locale}`);

  const given = variables as Readonly<Record<string, unknown>>;
  for (const [name, value] of Object.entries(given)) {
    if (!isTemplateVariable(name)) fail(`unknown variable "${name}"`);
    if (typeof value !== 'string') fail(`variable "${name}" must be a string`);
  }

  const used = placeholdersIn(`${text.subject ?? ''}\n${text.body}`) as TemplateVariable[];
  const values = new Map<string, string>();
  for (const name of used) values.set(name, formatVariable(name, variables, locale, fail));

  const substitute = (source: string): string => source.replace(PLACEHOLDER, (_, name: string) => values.get(name) ?? '');
  // A line made only of variables that are empty here (no disclosure outside the US) disappears
  // rather than leaving a blank gap; blank lines written in the template stay.
  const bodyLines = text.body
    .split('\n')
    .map((line) => ({ line, out: substitute(line).trimEnd() }))
    .filter(({ line, out }) => out.trim() !== '' || line.trim() === '')
    .map(({ out }) => out);
  const body = bodyLines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const subject = text.subject === undefined ? undefined : substitute(text.subject).trim();

  const base: Rendered = { templateId: template.templateId, templateVersion: template.version, channel: template.channel, locale, jurisdiction };
  const checked = checkContent(subject === undefined ? body : `${subject}\n${body}`, {
    locale,
    jurisdiction,
    channel: template.channel,
    audience: template.audience,
  });
  if (!checked.ok) return { ...base, ok: false, violations: checked.violations };
  return subject === undefined ? { ...base, ok: true, body } : { ...base, ok: true, subject, body };
}

function formatVariable(name: TemplateVariable, variables: TemplateVariables, locale: Locale, fail: (message: string) => never): string {
  const value = variables[name];
  if (value === undefined) return fail(`missing variable "${name}"`);
  const guarded = (format: () => string): string => {
    try {
      return format();
    } catch (e) {
      return fail(`variable "${name}": ${(e as Error).message}`);
    }
  };
  switch (name) {
    case 'amountDue': {
      const currency = variables.currency;
      if (currency === undefined) return fail('missing variable "currency" (needed to format amountDue)');
      return guarded(() => formatMoney(value, currency, locale));
    }
    case 'currency':
      return guarded(() => currencyLabel(value, locale));
    case 'dueDate':
    case 'itemizationDate':
    case 'validationPeriodEnd':
      return guarded(() => formatDate(value, locale));
    case 'name':
      if (value.trim() === '') fail('variable "name" must not be blank');
      return value.trim();
    case 'selfServiceLink':
      // The link is where the debtor pays: never a plain-http page, except on the loopback of a local run.
      if (!SELF_SERVICE_URL_PATTERN.test(value)) fail('variable "selfServiceLink" must be an https:// URL');
      return value;
    case 'optOutLine':
    case 'collectorDisclosure':
      // May be empty where the jurisdiction needs none; the content check catches a missing one in the US.
      return value.trim();
  }
}

/** Minimal view of the catalog the renderer needs. */
export interface TemplateSource {
  get(templateId: string): TemplateDefinition;
}

/** The service's entry point: render(templateId, locale, variables, jurisdiction) against the loaded catalog. */
export class TemplateRenderer {
  constructor(private readonly templates: TemplateSource) {}

  render(templateId: string, locale: Locale, variables: TemplateVariables, jurisdiction: Jurisdiction): RenderResult {
    return renderTemplate(this.templates.get(templateId), locale, variables, jurisdiction);
  }
}
