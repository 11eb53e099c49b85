import { z } from 'zod';
import { LOCALES, type Locale } from '@clearpath/contracts';
import { CHANNELS, type Channel } from '../compliance/channel';
import type { Audience } from '../compliance/content.rules';

/**
 * The template file format (`templates/<templateId>.template.json`, one file per template with its
 * locales inside; see templates/README.md). Channel and tone are stated once per template so the
 * translations cannot disagree about them.
 */
export const TONES = ['gentle', 'standard', 'firm'] as const;
export type Tone = (typeof TONES)[number];

/**
 * The only variables a template may use. A closed list, so a typo in a template (`{{amountdue}}`)
 * fails at boot instead of reaching a debtor as literal braces.
 */
export const TEMPLATE_VARIABLES = [
  'name',
  'amountDue',
  'currency',
  'dueDate',
  'selfServiceLink',
  'optOutLine',
  'collectorDisclosure',
  'itemizationDate',
  'validationPeriodEnd',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** Channels with a subject line: an e-mail's subject, a letter's heading. */
export const CHANNELS_WITH_SUBJECT: readonly Channel[] = ['EMAIL', 'LETTER'];
/** Electronic channels must leave room for an opt-out line (12 CFR 1006.6(e) covers every electronic medium, not only e-mail and SMS). */
export const CHANNELS_WITH_OPT_OUT: readonly Channel[] = ['SMS', 'EMAIL', 'IM'];
/**
 * Everything the debtor reads or hears carries the collector disclosure slot (12 CFR 1006.18(e)); a
 * field-visit brief is read by our own agents, who identify themselves in person.
 */
export const CHANNELS_WITH_DISCLOSURE: readonly Channel[] = ['SMS', 'EMAIL', 'IM', 'VOICE', 'LETTER'];

export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** True when braces are left after removing well-formed placeholders: `{{name}` or `{name}}`. */
export function hasStrayBraces(text: string): boolean {
  const rest = text.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}

export const templateIdentifier = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]');

// A long letter is easier to edit as an array of lines; both forms are accepted.
const bodySchema = z.union([z.string().min(1, 'must not be empty'), z.array(z.string()).min(1, 'must have at least one line')]);

const localeTextSchema = z.strictObject({
  subject: z.string().min(1, 'must not be empty').optional(),
  body: bodySchema,
});

export const templateFileSchema = z
  .strictObject({
    templateId: templateIdentifier,
    version: z.number().int().min(1, 'must be a positive integer'),
    channel: z.enum(CHANNELS),
    tone: z.enum(TONES),
    /** Who reads it: the debtor (default), or a third party asked only how to reach the debtor (no debt may be named, no collector disclosure). */
    audience: z.enum(['debtor', 'third-party']).optional(),
    description: z.string().optional(),
    locales: z
      .strictObject({ 'zh-CN': localeTextSchema.optional(), 'en-US': localeTextSchema.optional(), 'en-GB': localeTextSchema.optional() })
      .refine((l) => Object.values(l).some((v) => v !== undefined), 'must have at least one locale'),
  })
  .superRefine((t, ctx) => {
    for (const locale of LOCALES) {
      const text = t.locales[locale];
      if (text === undefined) continue;
      const at = (...rest: PropertyKey[]): PropertyKey[] => ['locales', locale, ...rest];
      const wantsSubject = CHANNELS_WITH_SUBJECT.includes(t.channel);
      if (wantsSubject && text.subject === undefined) ctx.addIssue({ code: 'custom', path: at('subject'), message: `a ${t.channel} template needs a subject` });
      if (!wantsSubject && text.subject !== undefined) ctx.addIssue({ code: 'custom', path: at('subject'), message: `a ${t.channel} template has no subject` });

      const parts: Array<{ path: PropertyKey[]; text: string }> = [];
      if (text.subject !== undefined) parts.push({ path: at('subject'), text: text.subject });
      if (typeof text.body === 'string') parts.push({ path: at('body'), text: text.body });
      else text.body.forEach((line, i) => parts.push({ path: at('body', i), text: line }));
      for (const part of parts) {
        for (const name of placeholdersIn(part.text)) {
          if (!isTemplateVariable(name)) {
            ctx.addIssue({ code: 'custom', path: part.path, message: `unknown variable {{${name}}} (known: ${TEMPLATE_VARIABLES.join(', ')})` });
          }
        }
        if (hasStrayBraces(part.text)) ctx.addIssue({ code: 'custom', path: part.path, message: 'malformed placeholder: unmatched {{ or }}' });
      }

      const body = typeof text.body === 'string' ? text.body : text.body.join('\n');
      const used = placeholdersIn(body);
      if (CHANNELS_WITH_OPT_OUT.includes(t.channel) && !used.includes('optOutLine')) {
        ctx.addIssue({ code: 'custom', path: at('body'), message: `a ${t.channel} template must place {{optOutLine}} (12 CFR 1006.6(e))` });
      }
      if (CHANNELS_WITH_DISCLOSURE.includes(t.channel) && t.audience !== 'third-party' && !used.includes('collectorDisclosure')) {
        ctx.addIssue({ code: 'custom', path: at('body'), message: `a ${t.channel} template must place {{collectorDisclosure}} (12 CFR 1006.18(e))` });
      }
    }
  });

export type TemplateFile = z.infer<typeof templateFileSchema>;

export interface LocaleText {
  readonly subject?: string;
  /** Lines joined with "\n". */
  readonly body: string;
}

/** A loaded, validated template. */
export interface TemplateDefinition {
  readonly templateId: string;
  readonly version: number;
  readonly channel: Channel;
  readonly tone: Tone;
  readonly audience: Audience;
  readonly description?: string;
  readonly locales: Readonly<Partial<Record<Locale, LocaleText>>>;
  /** The file it came from, for error messages and the audit trail. */
  readonly file: string;
}

export function toDefinition(file: TemplateFile, fileName: string): TemplateDefinition {
  const locales: Partial<Record<Locale, LocaleText>> = {};
  for (const locale of LOCALES) {
    const text = file.locales[locale];
    if (text === undefined) continue;
    const body = typeof text.body === 'string' ? text.body : text.body.join('\n');
    locales[locale] = text.subject === undefined ? { body } : { subject: text.subject, body };
  }
  return {
    templateId: file.templateId,
    version: file.version,
    channel: file.channel,
    tone: file.tone,
    audience: file.audience ?? 'debtor',
    ...(file.description === undefined ? {} : { description: file.description }),
    locales,
    file: fileName,
  };
}
