import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { checkContent } from '../compliance/content.rules';
import { sampleVariables, TemplateCatalog } from './template.catalog';
import { renderTemplate } from './template.renderer';

/**
 * The self-service link carries a signed random token: its letters must never read as a word. The
 * demo day once had 4 of its SMS blocked as content-abuse because a token held "TmD" (他妈的).
 */
describe('a signed self-service link in a message', () => {
  const catalog = TemplateCatalog.load();
  const link = (token: string) => `http://127.0.0.1:3004/s/${token}`;

  it('never makes a shipped template break a content rule, whatever its token', () => {
    const templates = catalog.list().filter((t) => t.templateId !== 'third-party-locate-sms');
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.uint8Array({ minLength: 40, maxLength: 90 }), (template, bytes) => {
        const token = `${Buffer.from(bytes).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
        for (const locale of Object.keys(template.locales) as Array<keyof typeof template.locales>) {
          const jurisdiction = template.templateId.startsWith('us-') ? 'US' : locale === 'zh-CN' ? 'CN' : locale === 'en-US' ? 'US' : 'GB';
          const result = renderTemplate(
            template,
            locale,
            { ...sampleVariables(jurisdiction, locale, template.channel), selfServiceLink: link(token) },
            jurisdiction,
          );
          expect(result.ok ? [] : result.violations).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(['ab-FK-cd', 'xx.FK', 'FK', 'q-fk_1.Zz', 'TmD-sb-x'])('never reads a token segment as a word: %s', (token) => {
    // Found by the property above: a base64url token holds '-' and '.', and `…-FK-…` read as an insult.
    for (const [locale, jurisdiction] of [
      ['en-GB', 'GB'],
      ['zh-CN', 'CN'],
      ['en-US', 'US'],
    ] as const) {
      const { violations } = checkContent(`Pay or set up a plan at ${link(token)} today.`, { locale, jurisdiction, channel: 'SMS' });
      // A US message also needs its disclosures; only the wording rules are in question here.
      expect(violations.filter((v) => v.ruleId.startsWith('content-'))).toEqual([]);
    }
  });

  it('is read as a link, not as words, while text written right after it is still read', () => {
    expect(checkContent(`请访问 ${link('xTmDq0a9')} 查看账单。`, { locale: 'zh-CN', jurisdiction: 'CN', channel: 'SMS' }).ok).toBe(true);
    const after = checkContent(`请访问 ${link('abc')}，你这个老赖`, { locale: 'zh-CN', jurisdiction: 'CN', channel: 'SMS' });
    expect(after.violations.map((v) => v.ruleId)).toContain('content-abuse');
  });
});
