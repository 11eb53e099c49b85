import type { Channel } from './channel';
import type { Jurisdiction, Locale } from './jurisdiction';

/**
 * Message content rules as data: rule id → phrases per language, the source, and where the rule
 * applies. Templates are checked when loaded and every rendered message again before it is sent
 * (COMPLIANCE.md "Message content"); a message with any violation is never sent.
 *
 * - `forbidden` rules match in EVERY language whatever the message locale: a zh message with an
 *   English threat in it is still a threat.
 * - `required` rules are met by a phrase in the message's own language or in English.
 * - zh phrases are literal; they are matched after removing whitespace, punctuation and symbols,
 *   so `老 赖` or `老-赖` cannot slip through. en phrases are case-insensitive regular expressions
 *   (word-bounded, whitespace-tolerant) matched after collapsing whitespace and straightening quotes.
 */
export type Audience = 'debtor' | 'third-party';

export interface ContentRule {
  readonly ruleId: string;
  readonly kind: 'forbidden' | 'required';
  readonly source: string;
  /** Where the rule applies; an absent key means everywhere. */
  readonly appliesTo?: {
    readonly jurisdictions?: readonly Jurisdiction[];
    readonly channels?: readonly Channel[];
    readonly audiences?: readonly Audience[];
  };
  readonly patterns: { readonly zh: readonly string[]; readonly en: readonly string[] };
}

export interface ContentCheckContext {
  readonly locale: Locale;
  readonly jurisdiction: Jurisdiction;
  readonly channel: Channel;
  /** Who reads it; defaults to the debtor. Third parties must not learn of the debt. */
  readonly audience?: Audience;
}

export interface ContentViolation {
  readonly ruleId: string;
  /** The offending text as matched (normalized); '' when required content is missing. */
  readonly match: string;
}

export interface ContentCheckResult {
  readonly ok: boolean;
  readonly violations: ContentViolation[];
}

// Word-bounded, whitespace-tolerant en phrase: "you'll regret it" also matches "YOU'LL  REGRET IT".
const w = (phrase: string): string => `\\b${phrase.replace(/ /g, '\\s+')}\\b`;

const ZH_COLLECTION_STANDARD = 'GB/T 45251—2025; CBA consumer-loan collection guideline (2026)';

export const CONTENT_RULES: readonly ContentRule[] = [
  {
    ruleId: 'content-threat',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.14 (15 USC 1692d); CONC 7.3`,
    patterns: {
      zh: ['弄死', '打断腿', '打断你的腿', '上门收拾', '后果自负', '让你家人好看', '让你好看', '要你的命', '要你命', '小心你的家人', '走着瞧'],
      en: [
        w("(you'll|you will|you are going to|you're going to|you're gonna) regret (it|this)"),
        w('we know where (you|your family|your kids|your children) (live|lives|work|works|go to school)'),
        w('(break|broken) (your|both your) legs?'),
        w('watch your back'),
        w('(something|bad things) (will|could|might) happen to (you|your family)'),
        w("(we'll|we will|we are going to) (hurt|find|get) you"),
      ],
    },
  },
  {
    ruleId: 'content-abuse',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.14 (15 USC 1692d(2)); CONC 7.3`,
    patterns: {
      zh: ['老赖', '骗子', '人渣', '不要脸', '畜生', '王八蛋', '混蛋', '傻逼', '傻B', '贱人', '狗东西', '废物', '去死'],
      en: [
        w('deadbeats?'),
        w('scum(bags?)?'),
        w('(lowlifes?|low-lifes?|losers?|freeloaders?|leeches?|parasites?|thie(f|ves)|liars?)'),
        w('(idiots?|morons?|stupid|worthless|pathetic)'),
        // Profanity, with the common inflections.
        '\\b(fuck|fucking|fucked|fucker|motherfucker|shit|shitty|bullshit|bitch|bitches|bastards?|ass ?holes?|arseholes?|dickheads?|cunts?|twats?|wankers?|pricks?|bollocks|damn|goddamn|crap|piss off)\\b',
      ],
    },
  },
  {
    ruleId: 'content-false-authority',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.18 (15 USC 1692e(1),(3),(4),(7)); CONC 7.3`,
    patterns: {
      zh: [
        '法院已立案', '已移交公安', '移交公安', '将拘留', '拘留你', '坐牢', '追究刑事责任', '刑事责任', '诈骗罪', '立案侦查', '逮捕',
        '我是法院', '我是公安', '我是警察', '我是律师', '我们是法院', '我们是公安', '我们是律师', '这里是法院', '这里是公安', '这里是派出所',
        '法院通知', '公安局通知', '律师函',
      ],
      en: [
        w('(a )?warrant (for|of) (your )?arrest'),
        w('arrest warrant'),
        w("(you will|you'll|you are going to|you're going to|you could|you may) (be arrested|go to (jail|prison)|be sent to (jail|prison)|be jailed|be imprisoned)"),
        w('criminal (charges?|prosecution|proceedings|case)'),
        w('(this is|we are|i am|i\'m|calling from|writing from|on behalf of) (the )?(police|court|county court|district court|sheriff|sheriff\'s office|fbi|bailiffs?)'),
        w("(i am|i'm|we are|this is) (an |your |the )?(attorneys?|lawyers?|solicitors?|police officers?|officers of the court|law enforcement)"),
      ],
    },
  },
  {
    ruleId: 'content-exaggeration',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.18 (15 USC 1692e(2),(5),(8)); CONC 7.3`,
    patterns: {
      zh: ['全国黑名单', '全网通缉', '永久黑名单', '永久拉黑', '征信永久', '一辈子都贷不了', '终身不能贷款'],
      en: [
        w('(ruin|destroy|wreck) your credit (forever|for life|permanently|for good)'),
        w('(permanently|forever) (ruin|destroy) your credit'),
        w('(national|nationwide|permanent) blacklist'),
        w('blacklisted (forever|for life|everywhere|nationwide)'),
        w('never (be able to )?(get|borrow|obtain) (a loan|credit|a mortgage) again'),
      ],
    },
  },
  {
    ruleId: 'content-shaming',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.6(d), 1006.14(e) (15 USC 1692c(b), 1692d(3)); CONC 7.9`,
    patterns: {
      zh: [
        '通知单位', '通知家人', '通知你的单位', '通知你的家人', '通知你的朋友', '通知你的同事', '通知你的领导', '告诉你的家人', '告诉你的单位',
        '爆通讯录', '联系你的通讯录', '打给你的通讯录', '朋友圈曝光', '曝光你', '张贴公告', '上门张贴',
      ],
      en: [
        w("(tell|inform|notify|contact|call|email|write to|visit) your (employer|boss|manager|workplace|family|relatives|neighbou?rs|friends|co-?workers|colleagues|contacts|spouse|wife|husband|parents)"),
        w('(post|publish|share|put) (this|your debt|your name|your details) (online|on social media|on facebook|publicly)'),
        w('expose you'),
      ],
    },
  },
  {
    ruleId: 'content-new-borrowing',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; CONC 7.3.10R`,
    patterns: {
      zh: ['借新还旧', '以贷养贷', '去别的平台借', '找别的平台借', '网贷还', '套现', '卖房', '卖车', '把房子卖了'],
      en: [
        w('(take|taking) (out )?(another|a new|a second|a payday) loan'),
        w('sell your (house|home|car|property|belongings)'),
        w('borrow (the money |money )?from (another|other) (lenders?|platforms?|apps?)'),
        w('(use|max out) (a|your|another) credit card to (pay|repay)'),
      ],
    },
  },
  {
    ruleId: 'content-private-payment',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.22 (15 USC 1692f(1))`,
    patterns: {
      // Bare 个人账户 / "personal account" are left out: legitimate anti-fraud notices say "never pay to a personal account".
      zh: ['转账到个人账户', '转到个人账户', '转账到私人账户', '我的个人账户', '加微信私下', '加我微信', '私下转账', '私下还款', '转到我的账户', '催收费'],
      en: [
        w('(pay|transfer|send|wire) (it |the money |the payment |the funds )?(to|into) (my|our agent\'s) (personal|private|own) (bank )?account'),
        w("(my|our agent's) (personal|private|own) (bank )?account"),
        w('pay me (directly|privately|in cash)'),
        w('(send|transfer|wire) (it|the money|the payment) (directly )?to me'),
        w('(collection|handling|processing) fee'),
        w('gift cards?'),
      ],
    },
  },
  {
    ruleId: 'content-pretext',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.18 (15 USC 1692e(10),(14)); CONC 7.9`,
    patterns: {
      zh: ['快递未签收', '包裹未签收', '您有一个快递', '有您的快递', '快递丢失', '中奖', '领取奖品'],
      en: [
        w('missed delivery'),
        w('(failed|unsuccessful) delivery( attempt)?'),
        w('(your|a) (package|parcel) (could not|couldn\'t|cannot|was not) be delivered'),
        w('(you have|you\'ve) won'),
        w('claim your (prize|reward|gift)'),
      ],
    },
  },
  {
    ruleId: 'content-deadline-pressure',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; CONC 7.3.10R; 12 CFR 1006.18`,
    patterns: {
      // Not bare 限你 (it sits inside 还款期限：你…) nor 今天不还 ("如果今天不还，可以申请延期" is a kind message).
      zh: ['今天不还就', '今日不还就', '明天不还就', '最后通牒', '限你今天', '限你明天', '马上还款否则', '否则后果'],
      en: [
        w('pay within \\d+ (hours|hrs|minutes) or'),
        w('(pay|repay) (today|now|immediately|tonight|right now) or'),
        w('(within|in) \\d+ (hours|hrs) or'),
        w('(final|last) (warning|chance)'),
      ],
    },
  },
  {
    ruleId: 'third-party',
    kind: 'forbidden',
    source: 'GB/T 45251—2025; 15 USC 1692b(2), 1692c(b); 12 CFR 1006.10; CONC 7.9.7R',
    appliesTo: { audiences: ['third-party'] },
    // A location message may only ask for contact details: any word that reveals a debt exists is refused.
    patterns: {
      zh: ['欠款', '欠债', '欠钱', '拖欠', '逾期', '债务', '还款', '还钱', '催收', '贷款', '借款', '账单', '违约'],
      en: [
        w('(debts?|indebted|overdue|owes?|owed|owing|arrears|collections?|collectors?|past due|late payments?|loans?|repay|repayments?|default|defaulted|balance due|outstanding balance)'),
      ],
    },
  },
  {
    ruleId: 'us-opt-out-notice',
    kind: 'required',
    source: '12 CFR 1006.6(e)',
    appliesTo: { jurisdictions: ['US'], channels: ['EMAIL', 'SMS'] },
    patterns: {
      zh: ['退订', '取消订阅'],
      en: [w('reply (")?stop'), w('text (")?stop'), w('opt[ -]?out'), w('unsubscribe'), w('to stop receiving')],
    },
  },
  {
    ruleId: 'us-debt-collector-disclosure',
    kind: 'required',
    source: '12 CFR 1006.18(e)',
    // 1006.18(e)(3): a location communication (1006.10) must not carry it; the third-party rule then applies.
    appliesTo: { jurisdictions: ['US'], channels: ['EMAIL', 'SMS'], audiences: ['debtor'] },
    patterns: { zh: ['债务催收'], en: [w('debt collector')] },
  },
  {
    ruleId: 'gb-private-and-confidential',
    kind: 'required',
    source: 'CONC 7.9.10R',
    appliesTo: { jurisdictions: ['GB'], channels: ['LETTER'] },
    patterns: { zh: ['私人机密'], en: [w('private (and|&) confidential')] },
  },
];

const ZERO_WIDTH = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

function normalizeEn(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(/[\u2018\u2019\u02BC`´]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/\s+/g, ' ');
}

function normalizeZh(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(/[\s\p{P}\p{S}]/gu, '').toUpperCase();
}

interface CompiledRule {
  readonly rule: ContentRule;
  readonly zh: readonly string[];
  readonly en: readonly RegExp[];
  /** All of `en` in one alternation: one scan tells whether any pattern matches at all. */
  readonly anyEn: RegExp | null;
}

// Compiled once: the table is fixed at load.
const COMPILED: readonly CompiledRule[] = CONTENT_RULES.map((rule) => ({
  rule,
  zh: rule.patterns.zh.map((p) => normalizeZh(p)),
  en: rule.patterns.en.map((p) => new RegExp(p, 'gi')),
  anyEn: rule.patterns.en.length === 0 ? null : new RegExp(rule.patterns.en.map((p) => `(?:${p})`).join('|'), 'i'),
}));

function applies(rule: ContentRule, ctx: ContentCheckContext): boolean {
  const where = rule.appliesTo;
  if (where === undefined) return true;
  if (where.jurisdictions && !where.jurisdictions.includes(ctx.jurisdiction)) return false;
  if (where.channels && !where.channels.includes(ctx.channel)) return false;
  if (where.audiences && !where.audiences.includes(ctx.audience ?? 'debtor')) return false;
  return true;
}

function zhMatches(compiled: CompiledRule, zhText: string): string[] {
  return compiled.zh.filter((phrase) => zhText.includes(phrase));
}

function enMatches(compiled: CompiledRule, enText: string): string[] {
  // Almost every message matches nothing: one scan of the alternation decides that; only a hit
  // runs each pattern to report exactly what matched.
  if (compiled.anyEn === null || !compiled.anyEn.test(enText)) return [];
  const found: string[] = [];
  for (const pattern of compiled.en) for (const m of enText.matchAll(pattern)) found.push(m[0].toLowerCase());
  return found;
}

/** Checks one template or rendered message against every content rule that applies to it. */
export function checkContent(text: string, ctx: ContentCheckContext): ContentCheckResult {
  const enText = normalizeEn(text);
  const zhText = normalizeZh(text);
  const violations: ContentViolation[] = [];
  const seen = new Set<string>();
  const add = (ruleId: string, match: string): void => {
    const key = `${ruleId}\u0000${match}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({ ruleId, match });
  };

  for (const compiled of COMPILED) {
    if (!applies(compiled.rule, ctx)) continue;
    if (compiled.rule.kind === 'forbidden') {
      for (const match of [...zhMatches(compiled, zhText), ...enMatches(compiled, enText)]) add(compiled.rule.ruleId, match);
    } else {
      const met = enMatches(compiled, enText).length > 0 || (ctx.locale === 'zh-CN' && zhMatches(compiled, zhText).length > 0);
      if (!met) add(compiled.rule.ruleId, '');
    }
  }
  return { ok: violations.length === 0, violations };
}
