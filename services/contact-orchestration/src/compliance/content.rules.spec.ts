import { CONTENT_RULES, checkContent, type ContentCheckContext } from './content.rules';

const cn: ContentCheckContext = { locale: 'zh-CN', jurisdiction: 'CN', channel: 'SMS' };
const gbSms: ContentCheckContext = { locale: 'en-GB', jurisdiction: 'GB', channel: 'SMS' };
const usSmsFooter = ' This is a communication from a debt collector. Reply STOP to opt out.';

const ruleIdsOf = (text: string, ctx: ContentCheckContext): string[] => [...new Set(checkContent(text, ctx).violations.map((v) => v.ruleId))];

describe('checkContent', () => {
  it('accepts a neutral reminder', () => {
    expect(checkContent('您好，您的账单已到期，请通过官方渠道还款。', cn)).toEqual({ ok: true, violations: [] });
    expect(checkContent('Your payment of £120.00 is due on 3 December. Call us on 0800 000 000.', gbSms)).toEqual({ ok: true, violations: [] });
  });

  it.each([
    ['content-threat', '再不还钱后果自负', "Pay now or You'll  REGRET it"],
    ['content-threat', '我们会让你家人好看', 'We know where you live.'],
    ['content-abuse', '你这个老赖', 'You are a deadbeat'],
    ['content-abuse', '人 渣', 'what the fuck'],
    ['content-abuse', '不要脸', 'scumbag'],
    ['content-false-authority', '法院已立案', 'There is a warrant for your arrest'],
    ['content-false-authority', '我是法院的', 'you will go to jail'],
    ['content-false-authority', '已移交公安，将拘留', 'criminal charges will follow'],
    ['content-false-authority', '追究刑事责任', 'This is the police.'],
    ['content-false-authority', '诈骗罪', "I'm your attorney"],
    ['content-false-authority', '我是律师', 'calling from the county court'],
    ['content-exaggeration', '全国黑名单', 'we will ruin your credit forever'],
    ['content-exaggeration', '全网通缉', 'nationwide blacklist'],
    ['content-shaming', '通知单位', 'we will tell your employer'],
    ['content-shaming', '通知家人', 'we will contact your neighbours'],
    ['content-shaming', '爆通讯录，朋友圈曝光', 'we will tell your family'],
    ['content-shaming', '张贴公告', 'we will call your neighbors'],
    ['content-new-borrowing', '借新还旧', 'take another loan'],
    ['content-new-borrowing', '去别的平台借，或者套现', 'sell your house'],
    ['content-new-borrowing', '卖房', 'take out a new loan'],
    ['content-private-payment', '转账到个人账户', 'pay to my personal account'],
    ['content-private-payment', '加微信私下还', 'a collection fee of £20 applies'],
    ['content-private-payment', '另收催收费', 'pay me directly'],
    ['content-pretext', '您有快递未签收', 'Missed delivery: call us back'],
    ['content-deadline-pressure', '今天不还就上报', 'pay within 24 hours or we act'],
  ])('%s: refuses %s and %s', (ruleId, zh, en) => {
    expect(ruleIdsOf(zh, cn)).toContain(ruleId);
    expect(ruleIdsOf(en, gbSms)).toContain(ruleId);
    // Forbidden phrases are refused whatever the message's locale.
    expect(ruleIdsOf(en, cn)).toContain(ruleId);
  });

  it('reports what matched', () => {
    expect(checkContent('您是老赖', cn).violations).toEqual([{ ruleId: 'content-abuse', match: '老赖' }]);
    expect(checkContent('WE KNOW WHERE YOU LIVE', gbSms).violations).toEqual([{ ruleId: 'content-threat', match: 'we know where you live' }]);
  });

  it('is not fooled by spacing, punctuation, full-width letters or zero-width characters', () => {
    expect(ruleIdsOf('老-赖', cn)).toEqual(['content-abuse']);
    expect(ruleIdsOf('坐\u200B牢', cn)).toEqual(['content-false-authority']);
    expect(ruleIdsOf('ｄｅａｄｂｅａｔ', gbSms)).toEqual(['content-abuse']);
    expect(ruleIdsOf('you\u2019ll regret it', gbSms)).toEqual(['content-threat']);
  });

  it('does not match inside other words or kind messages', () => {
    expect(checkContent('Please read the Dickens classic; the scumble is paint; assess your budget', gbSms).ok).toBe(true);
    expect(checkContent('还款期限：你可以在30天内还款。如果今天不还，可以申请延期。请勿向任何个人账户转账，谨防诈骗。', cn).ok).toBe(true);
    expect(checkContent('We will never ask you to pay into a personal account.', gbSms).ok).toBe(true);
  });

  describe('required content', () => {
    const usSms: ContentCheckContext = { locale: 'en-US', jurisdiction: 'US', channel: 'SMS' };
    it('US SMS and e-mail must carry the opt-out line and the debt-collector disclosure', () => {
      expect(checkContent('Your payment is due.', usSms).violations).toEqual([
        { ruleId: 'us-opt-out-notice', match: '' },
        { ruleId: 'us-debt-collector-disclosure', match: '' },
      ]);
      expect(ruleIdsOf('Your payment is due. Reply STOP to opt out.', { ...usSms, channel: 'EMAIL' })).toEqual(['us-debt-collector-disclosure']);
      expect(checkContent(`Your payment is due.${usSmsFooter}`, usSms).ok).toBe(true);
      expect(checkContent('Your payment is due. This is from a debt collector. To unsubscribe click here.', { ...usSms, channel: 'EMAIL' }).ok).toBe(true);
    });

    it('US letters and calls need neither; other jurisdictions never', () => {
      expect(checkContent('Your payment is due.', { ...usSms, channel: 'LETTER' }).ok).toBe(true);
      expect(checkContent('Your payment is due.', { ...usSms, channel: 'VOICE' }).ok).toBe(true);
      expect(checkContent('Your payment is due.', gbSms).ok).toBe(true);
    });

    it('a zh message to a US debtor may carry the disclosure in Chinese or English', () => {
      expect(checkContent('您的账单已到期。本信息来自债务催收方。回复TD退订', { locale: 'zh-CN', jurisdiction: 'US', channel: 'SMS' }).ok).toBe(true);
      expect(ruleIdsOf('您的账单已到期。本信息来自债务催收方。回复TD退订', usSms)).toEqual(['us-opt-out-notice', 'us-debt-collector-disclosure']);
    });

    it('GB letters are marked "Private and confidential"', () => {
      const letter: ContentCheckContext = { locale: 'en-GB', jurisdiction: 'GB', channel: 'LETTER' };
      expect(checkContent('Dear customer, your account is in arrears.', letter).violations).toEqual([{ ruleId: 'gb-private-and-confidential', match: '' }]);
      expect(checkContent('PRIVATE & CONFIDENTIAL\nDear customer, your account is in arrears.', letter).ok).toBe(true);
    });
  });

  describe('third parties', () => {
    const thirdParty: ContentCheckContext = { ...cn, audience: 'third-party' };
    it('refuses any word that discloses the debt', () => {
      expect(ruleIdsOf('请转告张先生，他的欠款已逾期', thirdParty)).toEqual(['third-party']);
      expect(ruleIdsOf('Please ask John to call us about his overdue loan', { ...gbSms, audience: 'third-party' })).toEqual(['third-party']);
      expect(ruleIdsOf('He owes us money', { ...gbSms, audience: 'third-party' })).toEqual(['third-party']);
    });

    it('accepts a request for contact details', () => {
      expect(checkContent('您好，我们需要联系张先生，请问您能转告他回电吗？', thirdParty).ok).toBe(true);
      expect(checkContent('Hello, we are trying to reach John Smith. Could you ask him to call 0800 000 000? Reply STOP to opt out.', { locale: 'en-US', jurisdiction: 'US', channel: 'SMS', audience: 'third-party' }).ok).toBe(true);
    });

    it('the same words are fine to the debtor', () => {
      expect(checkContent('您的欠款已逾期，请及时还款。', cn).ok).toBe(true);
    });
  });

  it('every rule has an id, a source and at least one phrase per language', () => {
    for (const rule of CONTENT_RULES) {
      expect(rule.source.length).toBeGreaterThan(0);
      expect(rule.patterns.zh.length + rule.patterns.en.length).toBeGreaterThan(1);
    }
    expect(new Set(CONTENT_RULES.map((r) => r.ruleId)).size).toBe(CONTENT_RULES.length);
  });
});
