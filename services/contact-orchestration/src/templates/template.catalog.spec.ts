import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '@clearpath/platform';
import { JURISDICTIONS, LOCALES } from '@clearpath/contracts';
import { checkContent } from '../compliance/content.rules';
import { CatalogLoadError, formatProblem } from './catalog-load.error';
import { sampleVariables, TEMPLATES_FOLDER, TemplateCatalog } from './template.catalog';
import { renderTemplate } from './template.renderer';

/** A valid SMS template file; tests change one thing in it. */
function anSmsTemplate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body = (text: string): string[] => [text, '{{collectorDisclosure}}', '{{optOutLine}}'];
  return {
    templateId: 'test-sms',
    version: 1,
    channel: 'SMS',
    tone: 'standard',
    locales: {
      'zh-CN': { body: body('{{name}}您好，您的还款{{amountDue}}已逾期，请通过 {{selfServiceLink}} 还款。') },
      'en-US': { body: body('Hi {{name}}, your payment of {{amountDue}} is overdue. Pay at {{selfServiceLink}}.') },
      'en-GB': { body: body('Hello {{name}}, your payment of {{amountDue}} is overdue. Pay at {{selfServiceLink}}.') },
    },
    ...overrides,
  };
}

describe('TemplateCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, content: unknown): void =>
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const problemsOf = (): string[] => {
    try {
      TemplateCatalog.load(dir);
    } catch (e) {
      if (e instanceof CatalogLoadError) return e.problems.map(formatProblem);
      throw e;
    }
    throw new Error('expected the catalog to refuse the folder');
  };

  describe('the shipped templates', () => {
    const catalog = TemplateCatalog.load();

    it('are found from src by walking up to services/contact-orchestration/templates', () => {
      expect(catalog.folder).toBe(repoPath(TEMPLATES_FOLDER, { folder: true }));
      expect(catalog.folder.endsWith(join('services', 'contact-orchestration', 'templates'))).toBe(true);
    });

    it('are found the same way from the build output and from the image root', () => {
      const repo = catalog.folder.slice(0, -join('services', 'contact-orchestration', 'templates').length);
      expect(repoPath(TEMPLATES_FOLDER, { folder: true, from: join(repo, 'dist', 'services', 'contact-orchestration', 'src', 'templates') })).toBe(
        catalog.folder,
      );
      expect(() => repoPath(TEMPLATES_FOLDER, { folder: true, from: tmpdir() })).toThrow(/services.contact-orchestration.templates not found above/);
    });

    it('cover every channel the platform uses, in every tone, with every locale', () => {
      const templates = catalog.list();
      expect(new Set(templates.map((t) => t.channel))).toEqual(new Set(['SMS', 'VOICE', 'EMAIL', 'IM', 'FIELD_VISIT', 'LETTER']));
      expect(new Set(templates.map((t) => t.tone))).toEqual(new Set(['gentle', 'standard', 'firm']));
      // Jurisdiction-only templates (us-*: the US validation notice, in the model form's English) carry that jurisdiction's locale.
      for (const t of templates) expect(Object.keys(t.locales).sort()).toEqual(t.templateId.startsWith('us-') ? ['en-US'] : [...LOCALES].sort());
      expect(catalog.versions()['firm-field-visit']).toBe(1);
    });

    // The load already does this; the test states the guarantee and names the pair that fails if one does.
    it.each(catalog.list().map((t) => t.templateId))('%s passes the content rules and renders in every locale for every jurisdiction', (templateId) => {
      const template = catalog.get(templateId);
      const usOnly = templateId.startsWith('us-');
      for (const locale of usOnly ? (['en-US'] as const) : LOCALES) {
        for (const jurisdiction of usOnly ? (['US'] as const) : JURISDICTIONS) {
          const result = renderTemplate(template, locale, sampleVariables(jurisdiction, locale, template.channel), jurisdiction);
          expect({ locale, jurisdiction, violations: result.ok ? [] : result.violations }).toEqual({ locale, jurisdiction, violations: [] });
          if (!result.ok) continue;
          expect(result.body).not.toMatch(/\{\{|\}\}/);
          // A location message to a third party names no amount (no debt at all); every other one states it.
          if (template.audience === 'third-party') expect(result.body).not.toContain('1,712.35');
          else expect(result.body).toContain('1,712.35');
          if (template.channel === 'EMAIL' || template.channel === 'LETTER') expect(result.subject).toBeTruthy();
          if (template.channel === 'LETTER') expect(result.body).toMatch(/Private and confidential/);
        }
      }
    });

    it('never use the forbidden wording even in raw form, before any variable is filled in', () => {
      for (const t of catalog.list()) {
        for (const locale of LOCALES) {
          const text = t.locales[locale];
          if (text === undefined) continue;
          const forbidden = checkContent(`${text.subject ?? ''}\n${text.body}`, { locale, jurisdiction: 'CN', channel: t.channel }).violations;
          expect({ template: t.templateId, locale, forbidden }).toEqual({ template: t.templateId, locale, forbidden: [] });
        }
      }
    });

    it('get() names an unknown template', () => {
      expect(() => catalog.get('no-such-template')).toThrow('unknown template "no-such-template"');
      expect(catalog.find('no-such-template')).toBeUndefined();
    });
  });

  it('loads a valid template folder', () => {
    write('test-sms.template.json', anSmsTemplate());
    write('README.md', 'ignored: only JSON files are templates');
    const catalog = TemplateCatalog.load(dir);
    expect(catalog.list().map((t) => t.templateId)).toEqual(['test-sms']);
    expect(catalog.versions()).toEqual({ 'test-sms': 1 });
  });

  it('rejects a template with a forbidden phrase, naming the file, the locale and the rule id', () => {
    const template = anSmsTemplate();
    (template.locales as Record<string, { body: string[] }>)['zh-CN'].body[0] = '{{name}}，今天不还就后果自负。{{amountDue}} {{selfServiceLink}}';
    (template.locales as Record<string, { body: string[] }>)['en-GB'].body[0] = "Pay {{amountDue}} at {{selfServiceLink}} or you'll regret it, {{name}}.";
    write('test-sms.template.json', template);
    const problems = problemsOf();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^test-sms\.template\.json: locales\.zh-CN: content rule content-deadline-pressure: matched "今天不还就" \(checked for CN, US, GB\)$/,
        ),
        expect.stringMatching(/^test-sms\.template\.json: locales\.zh-CN: content rule content-threat: matched "后果自负"/),
        expect.stringMatching(/^test-sms\.template\.json: locales\.en-GB: content rule content-threat: matched "you'll regret it"/),
      ]),
    );
  });

  it('rejects a template without the slots US law needs filled, in every locale (a US debtor may read zh-CN)', () => {
    const template = anSmsTemplate();
    (template.locales as Record<string, { body: string[] }>)['zh-CN'].body = ['{{name}}您好，请通过 {{selfServiceLink}} 还款{{amountDue}}。', '{{optOutLine}}'];
    write('test-sms.template.json', template);
    expect(problemsOf()).toEqual(['test-sms.template.json: locales.zh-CN.body: a SMS template must place {{collectorDisclosure}} (12 CFR 1006.18(e))']);
  });

  it.each([
    [
      'an unknown variable',
      (t: Record<string, any>) => (t.locales['en-US'].body[0] = 'Hi {{nmae}}, pay {{amountDue}}'),
      'test-sms.template.json: locales.en-US.body[0]: unknown variable {{nmae}}',
    ],
    [
      'a malformed placeholder',
      (t: Record<string, any>) => (t.locales['en-GB'].body[0] = 'Hello {{name}, pay {{amountDue}}'),
      'test-sms.template.json: locales.en-GB.body[0]: malformed placeholder',
    ],
    [
      'a missing opt-out slot',
      (t: Record<string, any>) => t.locales['zh-CN'].body.pop(),
      'test-sms.template.json: locales.zh-CN.body: a SMS template must place {{optOutLine}}',
    ],
    [
      'a subject on an SMS',
      (t: Record<string, any>) => (t.locales['en-US'].subject = 'Hi'),
      'test-sms.template.json: locales.en-US.subject: a SMS template has no subject',
    ],
    ['an unknown channel', (t: Record<string, any>) => (t.channel = 'FAX'), 'test-sms.template.json: channel: Invalid option'],
    ['an unknown tone', (t: Record<string, any>) => (t.tone = 'angry'), 'test-sms.template.json: tone: Invalid option'],
    ['an unknown field', (t: Record<string, any>) => (t.colour = 'red'), 'test-sms.template.json: (root): Unrecognized key'],
    ['an unknown locale', (t: Record<string, any>) => (t.locales['fr-FR'] = { body: 'Bonjour' }), 'test-sms.template.json: locales: Unrecognized key'],
    [
      'an id that differs from the file name',
      (t: Record<string, any>) => (t.templateId = 'other-sms'),
      'test-sms.template.json: templateId: "other-sms" does not match the file name',
    ],
  ])('names the file and path of %s', (_, change, expected) => {
    const template = anSmsTemplate();
    change(template);
    write('test-sms.template.json', template);
    expect(problemsOf()).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('requires a subject on e-mail and letter templates', () => {
    write('test-sms.template.json', anSmsTemplate({ channel: 'EMAIL' }));
    expect(problemsOf()).toEqual(expect.arrayContaining(['test-sms.template.json: locales.en-GB.subject: a EMAIL template needs a subject']));
  });

  it('refuses a misnamed file and broken JSON instead of skipping them', () => {
    write('test-sms.templates.json', anSmsTemplate());
    write('broken.template.json', '{ "templateId": ');
    const problems = problemsOf();
    expect(problems).toContain('test-sms.templates.json: (root): not a template file name: expected <templateId>.template.json');
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^broken\.template\.json: \(root\): not valid JSON/)]));
  });

  it('refuses an empty folder', () => {
    expect(problemsOf()).toEqual([`${dir}: (root): no *.template.json files`]);
  });
});
