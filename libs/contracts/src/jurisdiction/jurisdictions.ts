/**
 * Where Clearpath collects, and the languages it writes to debtors in. Every event schema, API and
 * service takes these from here (`z.enum(JURISDICTIONS)`), so adding one is one change the type
 * checker then walks through every rule table keyed by them. (The SQL CHECK constraints of past
 * migrations write them out: a new one needs a migration there too.)
 */
export const JURISDICTIONS = ['CN', 'US', 'GB'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const LOCALES = ['zh-CN', 'en-US', 'en-GB'] as const;
export type Locale = (typeof LOCALES)[number];
