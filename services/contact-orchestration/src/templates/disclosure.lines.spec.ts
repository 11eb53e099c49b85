import { LOCALES } from '@clearpath/contracts';
import { standardDisclosures } from './disclosure.lines';
import { sampleVariables, TemplateCatalog } from './template.catalog';
import { renderTemplate } from './template.renderer';

describe('standard disclosures', () => {
  it('give a US debt’s initial communication the fuller disclosure (12 CFR 1006.18(e)(1)), later ones the short one', () => {
    expect(standardDisclosures('US', 'en-US', 'SMS', true).collectorDisclosure).toBe(
      'This is a communication from a debt collector attempting to collect a debt. Any information obtained will be used for that purpose.',
    );
    expect(standardDisclosures('US', 'en-US', 'SMS').collectorDisclosure).toBe('This is a communication from a debt collector.');
    expect(standardDisclosures('CN', 'zh-CN', 'SMS', true).collectorDisclosure).toBe('');
    expect(standardDisclosures('US', 'en-US', 'FIELD_VISIT', true).collectorDisclosure).toBe('');
  });

  it('let every US template pass the content rules as an initial communication, in every locale it has', () => {
    const catalog = TemplateCatalog.load();
    for (const template of catalog.list()) {
      for (const locale of LOCALES) {
        if (template.locales[locale] === undefined) continue;
        const variables = { ...sampleVariables('US', locale, template.channel), ...standardDisclosures('US', locale, template.channel, true) };
        const result = renderTemplate(template, locale, variables, 'US');
        expect({ templateId: template.templateId, locale, violations: result.ok ? [] : result.violations }).toEqual({
          templateId: template.templateId,
          locale,
          violations: [],
        });
      }
    }
  });
});
