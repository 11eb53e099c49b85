import type { Channel } from '../compliance/channel';
import { standardDisclosures } from './disclosure.lines';
import { sampleVariables, TemplateCatalog } from './template.catalog';
import { renderTemplate, TemplateRenderer, TemplateRenderError, type TemplateVariables } from './template.renderer';
import type { TemplateDefinition } from './template.schema';

const catalog = TemplateCatalog.load();
const renderer = new TemplateRenderer(catalog);

/** A small in-memory template, so a test can say exactly what it renders. */
function aTemplate(channel: Channel, locales: TemplateDefinition['locales']): TemplateDefinition {
  return { templateId: 'test-template', version: 3, channel, tone: 'standard', audience: 'debtor', locales, file: 'test-template.template.json' };
}

function without(variables: TemplateVariables, name: keyof TemplateVariables): TemplateVariables {
  return Object.fromEntries(Object.entries(variables).filter(([key]) => key !== name));
}

const cnSms: TemplateVariables = {
  name: '王小明',
  amountDue: '1712.35',
  currency: 'CNY',
  dueDate: '2026-11-15',
  selfServiceLink: 'https://pay.example.com/c/8f3k2',
  ...standardDisclosures('CN', 'zh-CN', 'SMS'),
};

describe('TemplateRenderer', () => {
  it('renders a shipped SMS exactly, money and date in the locale, and drops the empty disclosure line', () => {
    const result = renderer.render('gentle-sms', 'zh-CN', cnSms, 'CN');
    expect(result).toEqual({
      ok: true,
      templateId: 'gentle-sms',
      templateVersion: 1,
      channel: 'SMS',
      locale: 'zh-CN',
      jurisdiction: 'CN',
      body:
        '王小明您好，温馨提醒：您2026年11月15日到期的还款¥1,712.35尚未入账。如已还款，请忽略本短信；方便时可通过 https://pay.example.com/c/8f3k2 查看详情或还款。\n' +
        '回复TD退订短信。',
    });
  });

  it('renders a US e-mail with its subject, the debt-collector disclosure and the opt-out line', () => {
    const result = renderer.render('standard-email', 'en-US', sampleVariables('US', 'en-US', 'EMAIL'), 'US');
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    expect(result.subject).toBe('Your payment of $1,712.35 is overdue');
    expect(result.body).toContain('Your payment of $1,712.35 that was due on November 15, 2026 is now overdue');
    expect(result.body.endsWith('This is a communication from a debt collector.\nTo opt out of emails from us, reply "unsubscribe".')).toBe(true);
  });

  it('marks a GB letter "Private and confidential" and formats pounds and a British date', () => {
    const result = renderer.render('firm-letter', 'en-GB', sampleVariables('GB', 'en-GB', 'LETTER'), 'GB');
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    expect(result.body.split('\n')[0]).toBe('Private and confidential');
    expect(result.body).toContain('£1,712.35 (GBP), due on 15 November 2026');
  });

  it('refuses a US SMS whose opt-out line and disclosure were left empty', () => {
    const result = renderer.render('standard-sms', 'en-US', { ...sampleVariables('US', 'en-US', 'SMS'), optOutLine: '', collectorDisclosure: '' }, 'US');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violations.map((v) => v.ruleId).sort()).toEqual(['us-debt-collector-disclosure', 'us-opt-out-notice']);
  });

  it('checks the rendered message, so forbidden wording smuggled in through a variable is refused', () => {
    const result = renderer.render('gentle-sms', 'zh-CN', { ...cnSms, name: '老赖' }, 'CN');
    expect(result).toMatchObject({ ok: false, templateId: 'gentle-sms', violations: [{ ruleId: 'content-abuse', match: '老赖' }] });
  });

  it('names a missing variable', () => {
    expect(() => renderer.render('gentle-sms', 'zh-CN', without(cnSms, 'dueDate'), 'CN')).toThrow(
      new TemplateRenderError('gentle-sms', 'zh-CN', 'missing variable "dueDate"'),
    );
  });

  it('names an unknown variable', () => {
    const withTypo = { ...cnSms, amountdue: '1.00' } as TemplateVariables;
    expect(() => renderer.render('gentle-sms', 'zh-CN', withTypo, 'CN')).toThrow('template gentle-sms (zh-CN): unknown variable "amountdue"');
  });

  it('allows variables the template does not use, so one bag serves every step', () => {
    const template = aTemplate('VOICE', { 'en-GB': { body: 'Hello {{name}}.\n{{collectorDisclosure}}' } });
    const result = renderTemplate(template, 'en-GB', { ...cnSms, name: 'Sam', collectorDisclosure: '' }, 'GB');
    expect(result).toMatchObject({ ok: true, body: 'Hello Sam.', templateVersion: 3 });
  });

  it.each([
    ['amountDue', { amountDue: '1712.3456' }, 'variable "amountDue": not a non-negative decimal amount'],
    ['amountDue', { amountDue: '-5.00' }, 'variable "amountDue": not a non-negative decimal amount'],
    ['currency', { currency: 'EUR' }, 'variable "amountDue": unsupported currency: "EUR"'],
    ['dueDate', { dueDate: '15/11/2026' }, 'variable "dueDate": not a calendar date'],
    ['selfServiceLink', { selfServiceLink: 'http://pay.example.com' }, 'variable "selfServiceLink" must be an https:// URL'],
    ['name', { name: '  ' }, 'variable "name" must not be blank'],
  ])('refuses a malformed %s', (_, change, message) => {
    expect(() => renderer.render('gentle-sms', 'zh-CN', { ...cnSms, ...change }, 'CN')).toThrow(message);
  });

  it('needs the currency to format an amount even when the text does not show it', () => {
    expect(() => renderer.render('gentle-sms', 'zh-CN', without(cnSms, 'currency'), 'CN')).toThrow('missing variable "currency" (needed to format amountDue)');
  });

  it('names a locale the template lacks and a template the catalog lacks', () => {
    const template = aTemplate('VOICE', { 'en-GB': { body: 'Hello {{name}}.' } });
    expect(() => renderTemplate(template, 'zh-CN', cnSms, 'CN')).toThrow('template test-template (zh-CN): no text for locale zh-CN');
    expect(() => renderer.render('nope', 'zh-CN', cnSms, 'CN')).toThrow('unknown template "nope"');
  });

  it('keeps blank lines the template wrote and substitutes values literally (a value is never re-expanded)', () => {
    const template = aTemplate('VOICE', { 'en-US': { body: 'Hi {{name}},\n\nThanks.\n{{collectorDisclosure}}' } });
    const result = renderTemplate(template, 'en-US', { name: '{{amountDue}}', collectorDisclosure: 'This is a communication from a debt collector.' }, 'US');
    expect(result).toMatchObject({ ok: true, body: 'Hi {{amountDue}},\n\nThanks.\nThis is a communication from a debt collector.' });
  });
});
