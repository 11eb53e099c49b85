import type { Locale } from '@clearpath/contracts';
import type { Channel } from './channel';
import { CONTENT_RULES, checkContent, type ContentCheckContext } from './content.rules';
import { normalizeMessage } from './content/text-normalizer';

const cn: ContentCheckContext = { locale: 'zh-CN', jurisdiction: 'CN', channel: 'SMS' };
const gbSms: ContentCheckContext = { locale: 'en-GB', jurisdiction: 'GB', channel: 'SMS' };
const usSms: ContentCheckContext = { locale: 'en-US', jurisdiction: 'US', channel: 'SMS' };
const usSmsFooter = ' This is a communication from a debt collector. Reply STOP to opt out.';
const ZH_FOOTER = '本信息来自债务催收方。回复TD退订。';

const OPT_OUT = 'us-opt-out-notice';
const COLLECTOR = 'us-debt-collector-disclosure';

/** What an evasive author writes beside the required lines (the footer is added): rule, channel, text, what matched. */
const EN_CONTRADICTIONS: ReadonlyArray<readonly [string, Channel, string, string]> = [
  // Denying the sender is a debt collector.
  [COLLECTOR, 'SMS', 'We are not a debt collector.', 'not a debt collector'],
  [COLLECTOR, 'EMAIL', 'This message is not from a debt collector.', 'not from a debt collector'],
  [COLLECTOR, 'IM', 'This is not a communication from a debt collector.', 'not a communication from a debt collector'],
  [COLLECTOR, 'SMS', 'This text was not sent by a debt collector.', 'not sent by a debt collector'],
  [COLLECTOR, 'SMS', 'We aren’t debt collectors.', "aren't debt collectors"],
  [COLLECTOR, 'EMAIL', 'We are not a collection agency.', 'not a collection agency'],
  [COLLECTOR, 'IM', 'No debt collector is involved.', 'no debt collector'],
  [COLLECTOR, 'SMS', 'We are a non-debt collector service.', 'non-debt collector'],
  [COLLECTOR, 'SMS', 'Debt collector? Not us!', 'debt collector? not us'],
  // Voiding the disclosure.
  [COLLECTOR, 'EMAIL', 'Please ignore the line about debt collectors.', 'ignore the line about debt collectors'],
  [COLLECTOR, 'EMAIL', 'Disregard the debt collector notice below.', 'disregard the debt collector notice'],
  [COLLECTOR, 'IM', 'The debt collector disclosure is just a formality.', 'debt collector disclosure is just a formality'],
  [COLLECTOR, 'SMS', 'The "debt collector" line does not apply to you.', 'debt collector" line does not apply'],
  // Denying the debtor can opt out.
  [OPT_OUT, 'SMS', 'You cannot opt out.', 'cannot opt out'],
  [OPT_OUT, 'EMAIL', "You can't unsubscribe.", "can't unsubscribe"],
  [OPT_OUT, 'IM', 'You can not opt out of these messages.', 'can not opt out'],
  [OPT_OUT, 'SMS', 'You may not opt out.', 'may not opt out'],
  [OPT_OUT, 'SMS', "You won't be able to opt out.", "won't be able to opt out"],
  [OPT_OUT, 'IM', 'You have no right to stop these messages.', 'no right to stop these messages'],
  [OPT_OUT, 'EMAIL', 'It is not possible to unsubscribe.', 'not possible to unsubscribe'],
  [OPT_OUT, 'SMS', 'Opting out is not possible.', 'opting out is not possible'],
  [OPT_OUT, 'SMS', 'Opt-out requests are ignored.', 'opt-out requests are ignored'],
  [OPT_OUT, 'IM', 'There is no opt-out.', 'no opt-out'],
  [OPT_OUT, 'SMS', "Want to opt out? You can't.", "want to opt out? you can't"],
  // Denying that opting out works.
  [OPT_OUT, 'SMS', 'STOP does not work.', 'stop does not work'],
  [OPT_OUT, 'SMS', "Texting STOP won't stop these messages.", "texting stop won't stop these messages"],
  [OPT_OUT, 'EMAIL', 'Unsubscribe requests will not be honored.', 'unsubscribe requests will not be honored'],
  [OPT_OUT, 'SMS', 'We do not honor STOP requests.', 'we do not honor stop requests'],
  [OPT_OUT, 'IM', 'We will ignore STOP replies.', 'we will ignore stop replies'],
  [OPT_OUT, 'SMS', 'You will keep getting these texts even if you reply STOP.', 'keep getting these texts even if you reply'],
  [OPT_OUT, 'SMS', 'We will keep texting you even if you reply STOP.', 'we will keep texting you even if you reply'],
  [OPT_OUT, 'IM', 'Even if you reply STOP, you will still receive these messages.', 'even if you reply stop, you will still receive these messages'],
  // Voiding the opt-out line.
  [OPT_OUT, 'SMS', 'Ignore the line about opting out.', 'ignore the line about opting out'],
  [OPT_OUT, 'EMAIL', 'Disregard the opt-out notice.', 'disregard the opt-out notice'],
  [OPT_OUT, 'IM', 'The opt-out line is boilerplate.', 'opt-out line is boilerplate'],
  [OPT_OUT, 'SMS', 'The STOP instructions do not apply to you.', 'stop instructions do not apply'],
  // The opt-out is a reply (the footer says "Reply STOP"), and replies go nowhere.
  [OPT_OUT, 'SMS', 'Replies are not read.', 'replies are not read'],
  [OPT_OUT, 'EMAIL', 'Replies go to an unmonitored inbox.', 'replies go to an unmonitored inbox'],
  [OPT_OUT, 'SMS', 'This number does not accept replies.', 'this number does not accept replies'],
  [OPT_OUT, 'IM', 'Nobody reads replies.', 'nobody reads replies'],
  [OPT_OUT, 'SMS', "We don't read replies.", "we don't read replies"],
  [OPT_OUT, 'SMS', 'Please do not reply to this message.', 'please do not reply to this message'],
  [OPT_OUT, 'IM', "You can't reply to this message.", "you can't reply to this message"],
  [OPT_OUT, 'SMS', 'Sent from a no-reply number.', 'no-reply number'],
];

const ZH_CONTRADICTIONS: ReadonlyArray<readonly [string, Channel, string, string]> = [
  [COLLECTOR, 'SMS', '我们不是催收。', '不是催收'],
  [COLLECTOR, 'IM', '本信息不是来自债务催收方。', '不是来自债务催收'],
  [COLLECTOR, 'EMAIL', '我们并非催收机构。', '并非催收'],
  [COLLECTOR, 'SMS', '我们不是一家催收公司。', '不是一家催收'],
  [COLLECTOR, 'SMS', '本信息非债务催收方发送。', '非债务催收'],
  [COLLECTOR, 'IM', '本短信与催收无关。', '与催收无关'],
  [COLLECTOR, 'SMS', '本短信不涉及催收。', '不涉及催收'],
  [COLLECTOR, 'EMAIL', '请忽略以上债务催收声明。', '忽略以上债务催收声明'],
  [COLLECTOR, 'SMS', '债务催收声明仅供参考。', '债务催收声明仅供参考'],
  [OPT_OUT, 'SMS', '无法退订。', '无法退订'],
  [OPT_OUT, 'IM', '本消息不能退订。', '不能退订'],
  [OPT_OUT, 'EMAIL', '您无法取消订阅。', '无法取消订阅'],
  [OPT_OUT, 'SMS', '本短信不支持退订。', '不支持退订'],
  [OPT_OUT, 'SMS', '没有退订渠道。', '没有退订渠道'],
  [OPT_OUT, 'SMS', '退订不了。', '退订不了'],
  [OPT_OUT, 'SMS', '退订无效。', '退订无效'],
  [OPT_OUT, 'IM', '回复TD无效。', '回复TD无效'],
  [OPT_OUT, 'SMS', '退订功能已关闭。', '退订功能已关闭'],
  [OPT_OUT, 'SMS', '即使退订也会继续收到短信。', '即使退订也会继续收到短信'],
  [OPT_OUT, 'EMAIL', '请忽略以上退订说明。', '忽略以上退订说明'],
  [OPT_OUT, 'SMS', '退订说明不适用。', '退订说明不适用'],
  [OPT_OUT, 'SMS', '本短信由系统发送，请勿回复。', '请勿回复'],
  [OPT_OUT, 'IM', '回复不会被查看。', '回复不会被查看'],
  [OPT_OUT, 'SMS', '此号码无人值守。', '此号码无人值守'],
  [OPT_OUT, 'EMAIL', '本邮箱不接收任何回复。', '本邮箱不接收任何回复'],
  [OPT_OUT, 'SMS', '本号码为发送专用。', '本号码为发送专用'],
  [OPT_OUT, 'SMS', '无人查看您的回复。', '无人查看您的回复'],
  [OPT_OUT, 'SMS', '我们不接收回复。', '不接收回复'],
];

/** Normal copy with a negation or a "stop" near the required lines: none of it takes them back. */
const EN_LEGIT: readonly string[] = [
  'This is a communication from a debt collector. Reply STOP to opt out.',
  'If you do not want texts, reply STOP to opt out. This is a communication from a debt collector.',
  'This is from a debt collector, not your lender. Reply STOP to opt out.',
  'Reply STOP to opt out; you will no longer receive texts from us. This is a communication from a debt collector.',
  `If you do not pay, a debt collector may contact you.${usSmsFooter}`,
  `A debt collector may not call you before 8 am.${usSmsFooter}`,
  `You will not be contacted by a debt collector while you keep to the plan.${usSmsFooter}`,
  `If you have received a bankruptcy discharge, this is not an attempt to collect a debt.${usSmsFooter}`,
  `If you can't opt out online, call us on 800-000-0000.${usSmsFooter}`,
  `If you are unable to unsubscribe, reply STOP.${usSmsFooter}`,
  `Even if you opt out of texts, we may still write to you.${usSmsFooter}`,
  `Opting out of texts does not stop letters.${usSmsFooter}`,
  `Opting out will not affect your account.${usSmsFooter}`,
  `You may not receive further texts after you reply STOP.${usSmsFooter}`,
  `If you want to opt out, you can reply STOP.${usSmsFooter}`,
  `Do not reply with your PIN or card details.${usSmsFooter}`,
  `If you do not reply, we will call you.${usSmsFooter}`,
  `If you write to us, we must stop collection on any amount you dispute.${usSmsFooter}`,
  `We're not writing to put pressure on you.${usSmsFooter}`,
  `Please ignore this message if you have already paid.${usSmsFooter}`,
  `This is not a bill.${usSmsFooter}`,
];

const ZH_LEGIT: readonly string[] = [
  '本信息来自债务催收方。回复TD退订短信。',
  `您的欠款已逾期，请尽快还款。${ZH_FOOTER}`,
  `如已还款，请忽略本条催收提示。${ZH_FOOTER}`,
  `如已还款，无需回复。${ZH_FOOTER}`,
  `如果回复后仍不能退订，请致电客服。${ZH_FOOTER}`,
  `即使退订短信，我们仍会通过信函联系您。${ZH_FOOTER}`,
  `如果您认为这不是您的欠款，请联系我们。${ZH_FOOTER}`,
  `写这封邮件不是为了催促您。${ZH_FOOTER}`,
  `分期一旦确认无法取消。${ZH_FOOTER}`,
  `除非您同意，我们不会委托其他催收机构。${ZH_FOOTER}`,
  '本信息来自债务催收方。如需退订请回复TD，请勿回复其他内容。',
];

/** A denial of replies, the same message with an opt-out by reply (refused) and by link (fine), what matched. */
const REPLY_DEPENDENT: ReadonlyArray<readonly [string, string, string, string]> = [
  [
    'This mailbox is not monitored.',
    'This is a communication from a debt collector. To opt out of emails from us, reply "unsubscribe".',
    'This is a communication from a debt collector. To unsubscribe, use the link below.',
    'this mailbox is not monitored',
  ],
  [
    'Please do not reply to this email.',
    'This is a communication from a debt collector. Reply to this email to unsubscribe.',
    'This is a communication from a debt collector. Unsubscribe: https://example.com/u',
    'please do not reply to this email',
  ],
  ['本邮件由系统发送，请勿回复。', '本信息来自债务催收方。如需退订，请回复“退订”。', '本信息来自债务催收方。如需退订，请点击邮件底部的退订链接。', '请勿回复'],
];

const GB_CONTRADICTIONS: ReadonlyArray<readonly [Locale, string, string]> = [
  ['en-GB', 'Dear customer, this letter is not confidential.', 'not confidential'],
  ['en-GB', 'There is nothing confidential about this letter.', 'nothing confidential about'],
  ['en-GB', 'Please ignore the heading about private and confidential.', 'ignore the heading about private and confidential'],
  ['en-GB', 'Disregard the confidential marking.', 'disregard the confidential marking'],
  ['en-GB', 'The "Private and confidential" heading is just a formality.', 'private and confidential" heading is just a formality'],
  ['en-GB', 'The confidential label does not apply.', 'confidential label does not apply'],
  ['zh-CN', '尊敬的客户：本信函并非私人机密。', '并非私人机密'],
  ['zh-CN', '本信函非机密文件。', '非机密'],
  ['zh-CN', '本信函无需保密。', '无需保密'],
  ['zh-CN', '请忽略以上私人机密字样。', '忽略以上私人机密字样'],
  ['zh-CN', '私人机密字样仅供参考。', '私人机密字样仅供参考'],
];

const ruleIdsOf = (text: string, ctx: ContentCheckContext): string[] => [...new Set(checkContent(text, ctx).violations.map((v) => v.ruleId))];
/** What a violation says, without where: the required-line tests compare these. */
const said = (text: string, ctx: ContentCheckContext): Array<{ ruleId: string; match: string }> =>
  checkContent(text, ctx).violations.map(({ ruleId, match }) => ({ ruleId, match }));

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
    expect(said('您是老赖', cn)).toEqual([{ ruleId: 'content-abuse', match: '老赖' }]);
    expect(said('WE KNOW WHERE YOU LIVE', gbSms)).toEqual([{ ruleId: 'content-threat', match: 'we know where you live' }]);
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
    // 12 CFR 1006.6(e) and 1006.18(e) cover every electronic medium: instant messages as much as texts and e-mails.
    it.each(['SMS', 'EMAIL', 'IM'] as const)('US %s must carry the opt-out line and the debt-collector disclosure', (channel) => {
      const ctx = { ...usSms, channel };
      expect(said('Your payment is due.', ctx)).toEqual([
        { ruleId: 'us-opt-out-notice', match: '' },
        { ruleId: 'us-debt-collector-disclosure', match: '' },
      ]);
      expect(ruleIdsOf('Your payment is due. Reply STOP to opt out.', ctx)).toEqual(['us-debt-collector-disclosure']);
      expect(ruleIdsOf('Your payment is due. This is a communication from a debt collector.', ctx)).toEqual(['us-opt-out-notice']);
      expect(checkContent(`Your payment is due.${usSmsFooter}`, ctx).ok).toBe(true);
      expect(checkContent('Your payment is due. This is from a debt collector. To unsubscribe click here.', ctx).ok).toBe(true);
    });

    it.each([
      ['en-US', 'This is a communication from a debt collector.\nReply STOP to opt out of messages on this channel.', []],
      ['zh-CN', '本信息来自债务催收方（This is a communication from a debt collector）。\n回复“退订”即可不再通过此渠道接收消息。', []],
      // Only English or the message's own language meet a required line: the zh opt-out line is not read for an en-US debtor.
      ['en-US', '本信息来自债务催收方（This is a communication from a debt collector）。\n回复“退订”即可不再通过此渠道接收消息。', ['us-opt-out-notice']],
    ] as const)('the standard IM lines (disclosure.lines.ts) in %s meet the US rules: %s', (locale, lines, expected) => {
      expect(ruleIdsOf(`Hi, your payment is overdue.\n${lines}`, { locale, jurisdiction: 'US', channel: 'IM' })).toEqual(expected);
    });

    it('US letters and calls need neither; other jurisdictions never', () => {
      expect(checkContent('Your payment is due.', { ...usSms, channel: 'LETTER' }).ok).toBe(true);
      expect(checkContent('Your payment is due.', { ...usSms, channel: 'VOICE' }).ok).toBe(true);
      expect(checkContent('Your payment is due.', gbSms).ok).toBe(true);
      expect(checkContent('Your payment is due.', { ...gbSms, channel: 'IM' }).ok).toBe(true);
      expect(checkContent('您的账单已到期。', { ...cn, channel: 'IM' }).ok).toBe(true);
    });

    it('a zh message to a US debtor may carry the disclosure in Chinese or English', () => {
      expect(checkContent('您的账单已到期。本信息来自债务催收方。回复TD退订', { locale: 'zh-CN', jurisdiction: 'US', channel: 'SMS' }).ok).toBe(true);
      expect(ruleIdsOf('您的账单已到期。本信息来自债务催收方。回复TD退订', usSms)).toEqual(['us-opt-out-notice', 'us-debt-collector-disclosure']);
    });

    it('GB letters are marked "Private and confidential"', () => {
      const letter: ContentCheckContext = { locale: 'en-GB', jurisdiction: 'GB', channel: 'LETTER' };
      expect(said('Dear customer, your account is in arrears.', letter)).toEqual([{ ruleId: 'gb-private-and-confidential', match: '' }]);
      expect(checkContent('PRIVATE & CONFIDENTIAL\nDear customer, your account is in arrears.', letter).ok).toBe(true);
    });
  });

  describe('required content is read by meaning', () => {
    const channelCtx = (channel: Channel, locale: Locale = 'en-US'): ContentCheckContext => ({ locale, jurisdiction: 'US', channel });

    it("the issue's example fails both rules, in every electronic channel", () => {
      for (const channel of ['SMS', 'EMAIL', 'IM'] as const) {
        expect(said('We are not a debt collector and you cannot opt out.', channelCtx(channel))).toEqual([
          { ruleId: 'us-opt-out-notice', match: 'cannot opt out' },
          { ruleId: 'us-debt-collector-disclosure', match: 'not a debt collector' },
        ]);
      }
    });

    it.each(EN_CONTRADICTIONS)('%s in %s: "%s" takes the line back (matched "%s")', (ruleId, channel, text, match) => {
      expect(said(`${text}${usSmsFooter}`, channelCtx(channel))).toEqual([{ ruleId, match }]);
    });

    it.each(ZH_CONTRADICTIONS)('%s in %s: 「%s」 takes the line back (matched 「%s」)', (ruleId, channel, text, match) => {
      expect(said(`${text}${ZH_FOOTER}`, channelCtx(channel, 'zh-CN'))).toEqual([{ ruleId, match }]);
    });

    it.each(EN_LEGIT)('en: "%s" passes', (text) => {
      expect(said(text, usSms)).toEqual([]);
    });

    it.each(ZH_LEGIT)('zh: 「%s」 passes', (text) => {
      expect(said(text, channelCtx('SMS', 'zh-CN'))).toEqual([]);
    });

    it.each(REPLY_DEPENDENT)('"%s" takes back an opt-out by reply, not one by link', (denial, byReply, byLink, match) => {
      const ctx = channelCtx('EMAIL', /\p{Script=Han}/u.test(denial) ? 'zh-CN' : 'en-US');
      expect(said(`${denial}\n${byReply}`, ctx)).toEqual([{ ruleId: 'us-opt-out-notice', match }]);
      expect(said(`${denial}\n${byLink}`, ctx)).toEqual([]);
    });

    it('reads contradictions in every language, whatever the locale', () => {
      expect(said(`您的账单已到期。${ZH_FOOTER}We are not a debt collector.`, channelCtx('SMS', 'zh-CN'))).toEqual([
        { ruleId: 'us-debt-collector-disclosure', match: 'not a debt collector' },
      ]);
      expect(said(`Your payment is due.${usSmsFooter} 退订无效。`, channelCtx('IM'))).toEqual([{ ruleId: 'us-opt-out-notice', match: '退订无效' }]);
    });

    it('is not fooled by case, spacing, full-width letters, zero-width characters or curly quotes', () => {
      const dc = (text: string): string[] => checkContent(`${text}${usSmsFooter}`, usSms).violations.map((v) => v.match);
      expect(dc('WE   ARE\nNOT A DEBT COLLECTOR.')).toEqual(['not a debt collector']);
      expect(dc('ｗｅ ａｒｅ ｎｏｔ ａ ｄｅｂｔ ｃｏｌｌｅｃｔｏｒ.')).toEqual(['not a debt collector']);
      expect(dc('You can\u200Bnot opt out.')).toEqual(['cannot opt out']);
      expect(dc('You can\u2019t opt out.')).toEqual(["can't opt out"]);
      expect(said(`不\u200B是 催-收。${ZH_FOOTER}`, channelCtx('SMS', 'zh-CN'))).toEqual([{ ruleId: 'us-debt-collector-disclosure', match: '不是催收' }]);
    });

    it('a contradiction without the line is reported once, as the contradiction', () => {
      // Neither "opting out" nor "collection agency" is the required wording: both lines are missing and denied.
      expect(said('Your payment is due. Opting out is not possible. We are not a collection agency.', usSms)).toEqual([
        { ruleId: 'us-opt-out-notice', match: 'opting out is not possible' },
        { ruleId: 'us-debt-collector-disclosure', match: 'not a collection agency' },
      ]);
      expect(said('Your payment is due. You cannot opt out.', usSms)).toEqual([
        { ruleId: 'us-opt-out-notice', match: 'cannot opt out' },
        { ruleId: 'us-debt-collector-disclosure', match: '' },
      ]);
    });

    it('overlapping wordings are reported once, by the longest', () => {
      expect(said(`本号码不接收回复。${ZH_FOOTER}`, channelCtx('SMS', 'zh-CN'))).toEqual([{ ruleId: 'us-opt-out-notice', match: '本号码不接收回复' }]);
    });

    const letter = (locale: Locale): ContentCheckContext => ({ locale, jurisdiction: 'GB', channel: 'LETTER' });
    it.each(GB_CONTRADICTIONS)('GB letter (%s): "%s" takes back "Private and confidential" (matched "%s")', (locale, text, match) => {
      const heading = locale === 'zh-CN' ? '私人机密' : 'Private and confidential';
      expect(said(`${heading}\n${text}`, letter(locale))).toEqual([{ ruleId: 'gb-private-and-confidential', match }]);
    });

    it.each([
      ['en-GB', 'Private and confidential\nDear customer, we will not share this letter with anyone.'],
      ['en-GB', 'Private and confidential\nIf you are not the addressee, please return this letter to us.'],
      ['zh-CN', '私人机密\n尊敬的客户：我们会对您的信息严格保密。'],
    ] as const)('GB letter (%s): "%s" passes', (locale, text) => {
      expect(said(text, letter(locale))).toEqual([]);
    });

    // A pattern no example reaches could be wrong in any way and every test would still pass.
    it('every contradiction pattern, and every reply keyword it depends on, is exercised by an example above', () => {
      const examples = [
        ...EN_CONTRADICTIONS.map(([, , text]) => text),
        ...ZH_CONTRADICTIONS.map(([, , text]) => text),
        ...GB_CONTRADICTIONS.map(([, text]) => text),
        ...REPLY_DEPENDENT.flatMap(([denial, byReply]) => [denial, byReply]),
        usSmsFooter,
        ZH_FOOTER,
      ];
      // The same normalization as checkContent's, for these examples (plain quotes, no zero-width characters).
      const en = examples.map((t) =>
        t
          .normalize('NFKC')
          .replace(/[\u2018\u2019]/g, "'")
          .replace(/\s+/g, ' '),
      );
      const zh = examples.map((t) =>
        t
          .normalize('NFKC')
          .replace(/[\s\p{P}\p{S}]/gu, '')
          .toUpperCase(),
      );
      const unexercised: string[] = [];
      for (const rule of CONTENT_RULES) {
        for (const c of rule.contradictions ?? []) {
          for (const phrases of [c.patterns, ...(c.onlyWith ? [c.onlyWith] : [])]) {
            for (const p of phrases.en) if (!en.some((t) => new RegExp(p, 'i').test(t))) unexercised.push(`${rule.ruleId} en ${p}`);
            for (const p of phrases.zh) if (!zh.some((t) => new RegExp(p).test(t))) unexercised.push(`${rule.ruleId} zh ${p}`);
          }
        }
      }
      expect(unexercised).toEqual([]);
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
      expect(
        checkContent('Hello, we are trying to reach John Smith. Could you ask him to call 0800 000 000? Reply STOP to opt out.', {
          locale: 'en-US',
          jurisdiction: 'US',
          channel: 'SMS',
          audience: 'third-party',
        }).ok,
      ).toBe(true);
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

  it('every required rule is read by meaning in both languages, each contradiction saying what it denies; forbidden rules have none', () => {
    for (const rule of CONTENT_RULES) {
      const contradictions = rule.contradictions ?? [];
      if (rule.kind === 'forbidden') {
        expect({ ruleId: rule.ruleId, contradictions }).toEqual({ ruleId: rule.ruleId, contradictions: [] });
        continue;
      }
      expect(contradictions.flatMap((c) => c.patterns.en).length).toBeGreaterThan(0);
      expect(contradictions.flatMap((c) => c.patterns.zh).length).toBeGreaterThan(0);
      for (const c of contradictions) expect(c.denies.length).toBeGreaterThan(0);
    }
  });
});

describe('checkContent: forbidden content by meaning', () => {
  const forbiddenIds = (text: string, ctx: ContentCheckContext = gbSms): string[] => [
    ...new Set(
      checkContent(text, ctx)
        .violations.filter((v) => v.kind === 'forbidden')
        .map((v) => v.ruleId),
    ),
  ];

  it('quotes what fired from the original text: rule id, span (UTF-16), excerpt and why', () => {
    expect(checkContent('您是老赖', cn).violations).toEqual([
      { ruleId: 'content-abuse', kind: 'forbidden', match: '老赖', start: 2, end: 4, excerpt: '老赖', why: 'phrase "老赖"' },
    ]);
    const text = 'Pay up, dead\u2063beat. Everyone can see what you are.';
    const [abuse] = checkContent(text, gbSms).violations;
    expect(abuse).toMatchObject({ ruleId: 'content-abuse', match: 'deadbeat', start: 8, end: 17, excerpt: 'dead\u2063beat' });
    expect(text.slice(abuse.start, abuse.end)).toBe(abuse.excerpt);
    const [authority] = checkContent('Ignore this and you will go to j.a.i.l. Your choice.', gbSms).violations;
    expect(authority).toMatchObject({ ruleId: 'content-false-authority', match: 'you will go to jail', excerpt: 'you will go to j.a.i.l' });
    // Contradictions of required lines quote what took the line back; a missing line has no span.
    expect(checkContent(`We are not a debt collector.${usSmsFooter}`, usSms).violations).toEqual([
      {
        ruleId: 'us-debt-collector-disclosure',
        kind: 'required',
        match: 'not a debt collector',
        start: 7,
        end: 27,
        excerpt: 'not a debt collector',
        why: 'that the sender is a debt collector',
      },
    ]);
    expect(checkContent('Your payment is due. Reply STOP to opt out.', usSms).violations).toEqual([
      { ruleId: 'us-debt-collector-disclosure', kind: 'required', match: '' },
    ]);
  });

  // One case per evasion class (text-normalizer.spec.ts shows what each view reads).
  it.each([
    ['full-width', 'content-abuse', 'Stop hiding, ｄｅａｄｂｅａｔ.', '钱不还，ｌａｏｌａｉ一个。'],
    ['invisible characters', 'content-threat', "You'll re\u2062gret it.", '后果\u180E自负。'],
    ['combining marks', 'content-abuse', 'You s\u0336c\u0336u\u0336m\u0336.', '人\u0301渣'],
    ['confusable letters', 'content-false-authority', 'A wаrrаnt for your аrrest is being prepared.', '法院已⽴案。'],
    ['separators', 'content-shaming', 'Next call goes to your e.m.p.l.o.y.e.r.', '通-知-单-位的函已经准备好了。'],
    ['digits and symbols', 'content-new-borrowing', 'S3ll your h0use, just get us paid.', '老*赖，今天必须给个说法。'],
    ['traditional Chinese', 'content-threat', "You'll regret it.", '再不還錢，後果自負。'],
    ['Japanese variants', 'content-exaggeration', 'You are on a national blacklist.', '你已经进了全国黒名単。'],
    ['pinyin', 'content-false-authority', 'You will go to jail.', '再不还钱就等着zuo lao吧。'],
  ])('%s: refused (%s)', (_, ruleId, en, zh) => {
    expect(forbiddenIds(en)).toContain(ruleId);
    const zhIds = forbiddenIds(zh, cn);
    expect(zhIds.length).toBeGreaterThan(0);
  });

  it('reads pinyin of every zh phrase, separated or not, in any case', () => {
    expect(forbiddenIds('真是个lao lai，拖了三个月。', cn)).toEqual(['content-abuse']);
    expect(forbiddenIds('LaoLai', cn)).toEqual(['content-abuse']);
    expect(forbiddenIds('hou-guo zi fu', cn)).toEqual(['content-threat']);
    expect(forbiddenIds('信用卡taoxian一下', cn)).toEqual(['content-new-borrowing']);
    // Too short to be safe: one syllable, or an English word.
    expect(forbiddenIds('Laos and Lai Chau are in Asia.')).toEqual([]);
  });

  // Paraphrases: families read meaning, not a phrase list. One en and one zh per rule.
  it.each([
    ['content-threat', 'Nice car you have. Would be a shame if something happened to it.', '我们知道你孩子在哪个学校上学，出门小心点。'],
    ['content-abuse', 'People like you are parasites.', '你是不是脑子有病？'],
    ['content-false-authority', "This is Officer Miller with the county sheriff's department.", '我是公安局经侦大队的，你已经涉嫌诈骗。'],
    ['content-exaggeration', 'No landlord in the country will ever rent to you again.', '以后你孩子上学、考公全都会受影响。'],
    ['content-shaming', 'We will post about your debt on your Facebook page.', '我们会把你欠钱的截图发到你们小区业主群里。'],
    ['content-new-borrowing', 'Why not ask your parents to lend you the money?', '找你爸妈借一下不就有了？'],
    ['content-private-payment', 'Send it to my Venmo, @collector-jim, and skip the website.', '直接转我支付宝就行，转完截图发我。'],
    ['content-pretext', 'This is the courier: please confirm your home address and employer.', '您好，我们在组织同学聚会，他现在在哪上班？'],
    ['content-deadline-pressure', "You've got 48 hours. After that it's out of my hands.", '我只给你到今晚十二点，十二点一过就没用了。'],
  ])('%s: refuses the paraphrases "%s" and 「%s」', (ruleId, en, zh) => {
    expect(forbiddenIds(en)).toContain(ruleId);
    expect(forbiddenIds(zh, cn)).toContain(ruleId);
  });

  /** Legitimate wording each allow-pattern is there for: none of it may be refused. */
  const ALLOWED: ReadonlyArray<readonly [string, string]> = [
    ['content-threat', 'We will never visit your home without writing to you first.'],
    ['content-threat', 'If you have been threatened by anyone claiming to be from us, call 0800 000 000.'],
    ['content-threat', '我们不会上门，也不会威胁您。'],
    ['content-threat', 'Be careful with links in texts that claim to come from us.'],
    ['content-threat', '请小心防范诈骗电话，注意您的资金安全，保护您的账户安全。'],
    ['content-abuse', 'Beware of scammers who ask for your PIN.'],
    ['content-abuse', '谨防骗子冒充我司工作人员，请不要上当受骗。'],
    ['content-abuse', 'Falling behind is nothing to be ashamed of.'],
    ['content-abuse', '您不必感到羞愧。'],
    ['content-false-authority', 'No one is going to arrest you over a debt, and you are not going to jail over this.'],
    ['content-false-authority', 'Owing money is a civil matter, not a crime.'],
    ['content-false-authority', "A missed payment isn't something you could be arrested for."],
    ['content-false-authority', '网传“不还网贷会被拘留”等说法不实，请勿轻信。'],
    ['content-new-borrowing', '您提到想卖车还款，我们建议您先申请分期。'],
    ['content-new-borrowing', 'Some customers feel they have to take out a payday loan to catch up. Please talk to us first.'],
    ['content-private-payment', 'Fraudsters pose as our staff. They ask people to pay a fee into a personal account.'],
    ['content-abuse', 'You told us our agent called you a \'deadbeat\' and "a scrounger". We apologise.'],
    ['content-abuse', '您投诉我司合作机构人员在通话中称您为“老赖”“骗子”，我们郑重道歉。'],
    ['content-false-authority', 'If someone says they are from the police and asks for payment, hang up.'],
    ['content-false-authority', 'Anyone claiming to be from a court and asking for money is not us.'],
    ['content-false-authority', 'You may be a victim of identity theft: report it to the police.'],
    ['content-false-authority', 'You have the right to take the matter to court.'],
    ['content-false-authority', 'If you feel unsafe, contact the police.'],
    ['content-false-authority', '如有人冒充公安要求转账，请立即报警。'],
    ['content-false-authority', '借款逾期不会导致坐牢。我司可能依法向人民法院起诉，您也可以向金融监管部门投诉。'],
    ['content-false-authority', '任何自称法院工作人员要求转账的，均为诈骗。近期有不法分子冒充我司发送短信。'],
    ['content-false-authority', '也不存在所谓“全国黑名单”。逾期欠款属于民事纠纷，请放心。'],
    [
      'content-exaggeration',
      'There is no such thing as a credit blacklist. A default usually stays on your file for six years; it does not stay on your file forever.',
    ],
    ['content-exaggeration', '逾期信息不会永久保留。'],
    ['content-shaming', 'We will not contact your employer about this debt.'],
    ['content-shaming', 'Debt collectors may not tell your family about your debt.'],
    ['content-shaming', 'If you would like us to speak to your partner, tell us.'],
    ['content-shaming', 'You said you were worried about your employer finding out.'],
    ['content-shaming', 'As you asked, we have noted that your brother may call us.'],
    ['content-shaming', 'You may want to talk to your family about a budget.'],
    ['content-shaming', '我们不会通知您的单位或家人。如您同意，我们可以与您的家人沟通；您也可以委托家人代为联系我们。'],
    ['content-shaming', '您担心我们会联系您的同事，请放心。'],
    ['content-new-borrowing', "Please don't take out another loan to pay this."],
    ['content-new-borrowing', 'Before borrowing money to pay this, talk to us. A payday loan could make things harder.'],
    ['content-new-borrowing', 'You are under no obligation to ask your family for help; friends or family sometimes offer to help.'],
    ['content-new-borrowing', 'You can pay from your own bank account at any time.'],
    ['content-new-borrowing', '请勿借新还旧，以免加重负担，越借越多。'],
    ['content-private-payment', 'We will never ask you to pay into a personal account. There is no extra fee for paying online.'],
    ['content-private-payment', "Fraud alert: never send money to an individual's Venmo. We only accept payments at https://pay.example.com."],
    ['content-private-payment', 'You can pay with your own card.'],
    ['content-private-payment', "If anyone asks you to pay into a personal account, it's a scam."],
    ['content-private-payment', '谨防诈骗，切勿向个人账户转账。请只通过官方App还款，唯一还款渠道为App。'],
    ['content-private-payment', '本平台不收取任何手续费。如有人要求您私下转账，请拒绝。'],
    ['content-pretext', 'We will never text you about a missed delivery.'],
    ['content-pretext', 'If you get a message about a parcel fee, it is a scam.'],
    ['content-pretext', '本公司不会以快递理赔名义联系您。'],
    ['content-deadline-pressure', "Our help centre is open 24 hours a day. We'll get back to you within 24 hours."],
    ['content-deadline-pressure', 'No pressure: take your time to decide.'],
    ['content-deadline-pressure', '客服24小时在线。今天不方便还款也没关系。'],
  ];

  it.each(ALLOWED)('%s lets through "%s"', (_, text) => {
    const ctx = /\p{Script=Han}/u.test(text) ? cn : gbSms;
    expect(checkContent(text, ctx).violations).toEqual([]);
  });

  it.each([
    ['content-threat', 'We will visit your home tonight. Watch your back.'],
    ['content-abuse', 'Beware, you scammer.'],
    ['content-false-authority', 'You will be arrested if you do not pay today.'],
    ['content-exaggeration', 'You are blacklisted forever.'],
    ['content-shaming', 'We will contact your employer about this debt.'],
    ['content-new-borrowing', 'Take out another loan to pay this.'],
    ['content-private-payment', 'Pay into my personal account.'],
    ['content-pretext', 'Missed delivery: reply with your address.'],
    ['content-deadline-pressure', 'Pay within 24 hours or we act.'],
  ])('%s: the same words without the legitimate frame are refused: "%s"', (ruleId, text) => {
    expect(forbiddenIds(text)).toContain(ruleId);
  });

  it('an allowance covers only its own clause: a threat after an anti-fraud line is still refused', () => {
    expect(forbiddenIds('We will never ask you to pay into a personal account. Pay to my personal account today.')).toEqual(['content-private-payment']);
    expect(forbiddenIds('谨防诈骗。转账到个人账户。', cn)).toEqual(['content-private-payment']);
  });

  // A pattern no example reaches could be wrong in any way and every test would still pass.
  it('every allow-pattern is exercised by an example above', () => {
    const views = ALLOWED.map(([, text]) => normalizeMessage(text).en);
    const unexercised: string[] = [];
    for (const rule of CONTENT_RULES) {
      for (const a of rule.allow ?? []) {
        for (const p of [...a.patterns.en, ...a.patterns.zh]) if (!views.some((v) => new RegExp(p, 'i').test(v))) unexercised.push(`${rule.ruleId}: ${p}`);
      }
    }
    expect(unexercised).toEqual([]);
  });

  it('every forbidden rule has families by meaning and allowances in both languages; required rules have neither', () => {
    for (const rule of CONTENT_RULES) {
      if (rule.kind === 'required' || rule.ruleId === 'third-party') {
        expect({ ruleId: rule.ruleId, families: rule.families ?? [], allow: rule.allow ?? [] }).toEqual({ ruleId: rule.ruleId, families: [], allow: [] });
        continue;
      }
      expect(rule.families!.flatMap((f) => f.patterns.en).length).toBeGreaterThan(0);
      expect(rule.families!.flatMap((f) => f.patterns.zh).length).toBeGreaterThan(0);
      expect(rule.allow!.flatMap((f) => f.patterns.en).length).toBeGreaterThan(0);
      expect(rule.allow!.flatMap((f) => f.patterns.zh).length).toBeGreaterThan(0);
      for (const f of [...rule.families!, ...rule.allow!]) expect(f.means.length).toBeGreaterThan(0);
    }
  });
});
