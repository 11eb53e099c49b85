import type { Jurisdiction, Locale } from '@clearpath/contracts';
import type { Channel } from './channel';
import { ABUSE } from './content/abuse.patterns';
import type { AllowPattern, Audience, ForbiddenWording, PatternFamily, Phrases } from './content/content-pattern';
import { REPORTED_SPEECH, w } from './content/content-pattern';
import { DEADLINE_PRESSURE } from './content/deadline-pressure.patterns';
import { EXAGGERATION } from './content/exaggeration.patterns';
import { FALSE_AUTHORITY } from './content/false-authority.patterns';
import { NEW_BORROWING } from './content/new-borrowing.patterns';
import { type Expression, type Hit, MessageScan, Prefilter, ViewMatcher, firstPerSpan, notAllowed } from './content/phrase-matcher';
import { pinyinPattern } from './content/pinyin-phrases';
import { PRETEXT } from './content/pretext.patterns';
import { PRIVATE_PAYMENT } from './content/private-payment.patterns';
import { SHAMING } from './content/shaming.patterns';
import { type NormalizedMessage, type ViewName, normalizeMessage } from './content/text-normalizer';
import { THREAT } from './content/threat.patterns';

export type { AllowPattern, Audience, PatternFamily, Phrases } from './content/content-pattern';

/**
 * Message content rules as data: rule id → phrases per language, the source, and where the rule
 * applies. Templates are checked when loaded and every rendered message again before it is sent
 * (COMPLIANCE.md "Message content"); a message with any violation is never sent.
 *
 * - Every rule reads the message through one normalisation (content/text-normalizer.ts): NFKC and
 *   full-width forms, invisible characters and combining marks removed, confusable letters folded
 *   to Latin, traditional Chinese simplified; forbidden rules also read it with separators inside
 *   words collapsed and digits or symbols standing for letters undone (`s.c.u.m`, `l0ser`, `$cum`).
 *   What fired is quoted from the ORIGINAL text: a violation carries `start`, `end` (UTF-16) and
 *   the `excerpt`, so a decision can say what the message said.
 * - `forbidden` rules match in EVERY language whatever the message locale: a zh message with an
 *   English threat in it is still a threat. Each has literal phrases (`patterns`; zh phrases are
 *   also matched in pinyin, `lao lai` for 老赖, generated at load), `families` read by meaning (a
 *   threat verb near a person or their property, an authority noun in the first person, …) and
 *   `allow`: legitimate wording a family could be taken for ("never pay into a personal account",
 *   谨防诈骗，切勿向个人账户转账, "report fraud to the police"). A match wholly inside allowed
 *   wording does not count; anything else does.
 * - `required` rules are met by a phrase in the message's own language or in English, and are read
 *   by meaning, not by words alone: the line counts only when nothing in the same message takes it
 *   back (`contradictions`). "We are not a debt collector", "you cannot opt out", "STOP does not
 *   work" or 无法退订 beside the required words fail the rule, and the violation names what took
 *   the line back. Contradictions are read in every language whatever the locale, like forbidden
 *   phrases: "debt collector" in English does not survive 我们不是催收 in the same message.
 * - zh phrases are literal; they are matched after removing whitespace, punctuation and symbols,
 *   so `老 赖` or `老-赖` cannot slip through. en phrases are case-insensitive regular expressions
 *   (word-bounded, whitespace-tolerant) matched after collapsing whitespace and straightening quotes.
 *   Contradictions and families are regular expressions in both languages, zh over the same
 *   normalized text, so they can say "不是 + 来自/一家/… + 催收" without listing every combination.
 */

/**
 * Wording that takes a required line back. Served as data with the rules (GET /v1/compliance/profiles),
 * so an auditor reads what "by meaning" covers.
 */
export interface Contradiction {
  /** What the wording says, in a few words. */
  readonly denies: string;
  /** Regular expressions, en and zh (see the file comment). */
  readonly patterns: Phrases;
  /**
   * Counts only when the message also says one of these: "replies are not read" takes back "reply
   * STOP" but not an unsubscribe link, and e-mails with a link often say their mailbox is unmonitored.
   */
  readonly onlyWith?: Phrases;
}

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
  readonly patterns: Phrases;
  /** Forbidden rules only: wording by meaning, each family saying what it means. */
  readonly families?: readonly PatternFamily[];
  /** Forbidden rules only: legitimate wording the families could be taken for. */
  readonly allow?: readonly AllowPattern[];
  /** Required rules only: wording that, anywhere in the same message, means the line is not met. */
  readonly contradictions?: readonly Contradiction[];
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
  readonly kind: ContentRule['kind'];
  /** The offending text as matched (normalized): a forbidden phrase, or what contradicts a required line; '' when required content is missing. */
  readonly match: string;
  /** Where it is in the original text (UTF-16 indices, end exclusive); absent when required content is missing. */
  readonly start?: number;
  readonly end?: number;
  /** The original text between `start` and `end`: what the message said, as written. */
  readonly excerpt?: string;
  /** What fired: `phrase "…"`, what a family means, `pinyin of "…"`, or what a contradiction denies. */
  readonly why?: string;
}

export interface ContentCheckResult {
  readonly ok: boolean;
  readonly violations: ContentViolation[];
}

const ZH_COLLECTION_STANDARD = 'GB/T 45251—2025; CBA consumer-loan collection guideline (2026)';

// ── Required lines are read by meaning ─────────────────────────────────────────────────────────────
// A required line counts only when the same message does not take it back. The building blocks
// below are what an evasive author writes: a plain negation ("we are not a debt collector"), a
// denied ability ("you can't opt out", "opting out is not possible"), a mechanism that does not
// work ("STOP does not work", "replies are not read"), or a line declared void ("ignore the
// opt-out notice"). What they leave alone is as deliberate: a negation elsewhere in the sentence
// ("If you do not want texts, reply STOP to opt out"), a fallback ("If you can't unsubscribe
// online, call us"), another channel ("Even if you opt out of texts, we may write to you").

// "If you can't opt out online, call us" offers a way; "you can't opt out" denies one.
const NOT_AFTER_IF =
  "(?<!\\b(?:if|when|unless|in case) (?:you|we|it|this|that)(?:'re|'s|'ve| are| is| were| was| have| still| ever| really| do| did| find(?: that)? you)? )";

const MESSAGES = '(?:messages|texts|text messages|sms|emails|e-mails|notifications|communications)';
/** "cannot", "won't be able to", "it is not possible to", "you have no right to", … followed by the act. */
const CANNOT =
  "(?:cannot|can'?t|can not|can never|can no longer|may not|must not|mustn'?t|(?:will|shall) not be able to|won'?t be able to|(?:will )?never be able to|(?:are|is|am) (?:not|no longer) able to|(?:aren|isn)'?t able to|unable to|(?:are|is) not (?:allowed|permitted) to|(?:aren|isn)'?t (?:allowed|permitted) to|not possible to|impossible to|no (?:way|option|ability|right|means|possibility|chance) to|(?:do not|don'?t|does not|doesn'?t) have (?:the|a|any) (?:right|option|ability|choice|way|possibility|means) to)";
/** What opting out is, as a verb: "opt out", "unsubscribe", "stop these messages", "be removed from our list". */
const OPT_OUT_ACT = `(?:opt[- ]?out|unsubscribe|stop (?:receiving|getting)|stop (?:these|our|the|this|such|future|further|any) ${MESSAGES}|be removed from (?:our|this|the) (?:list|mailing list|texting list|sms list|contact list))`;
/** What opting out is, as the subject of a sentence: "opting out", "STOP", "unsubscribe requests", "replying STOP". */
const OPT_OUT_NOUN =
  '(?:opt(?:ing)?[- ]?outs?|unsubscrib(?:e|ing)|(?:requests?|attempts?) to (?:opt[- ]?out|unsubscribe)|(?:the |an? |your )?(?:opt[- ]?out|unsubscribe|"?stop"?) (?:links?|options?|buttons?|requests?|replies|messages|commands?|keywords?|functions?|features?|mechanisms?)|(?:replying|texting|sending|a reply of|your reply of|reply(?:ing)? with) "?stop"?|"?stop"?)';
const IS_NOT =
  "(?:is not|isn'?t|are not|aren'?t|will not be|won'?t be|would not be|wouldn'?t be|cannot be|can'?t be|can not be|will never be|is never|are never|is no longer|are no longer|has not been|have not been)";
const DOES_NOT = "(?:does not|doesn'?t|do not|don'?t|will not|won'?t|cannot|can'?t|can not|will never|never|no longer)";

const DISCLOSURE_NOUN = '(?:line|notice|statement|disclosure|wording|footer|part|bit|sentence|text|note|disclaimer|label|marking|heading|instructions?)s?';
const THE = '(?: (?:the|this|that|these|those|any|our|all))?(?: (?:above|below|following|standard|legal|automatic|automated|usual))?';
/** The required line declared void: "ignore the line about opting out", "the debt collector notice doesn't apply". */
const voidedEn = (subject: string): string[] => [
  w(
    `(?:ignore|disregard)${THE} ${DISCLOSURE_NOUN}(?: (?:above|below))? (?:about|regarding|mentioning|saying|that says|which says|re:?)[^.!?;]{0,20}?${subject}`,
  ),
  w(`(?:ignore|disregard)${THE} "?${subject}"? ${DISCLOSURE_NOUN}`),
  w(
    `"?${subject}"? ${DISCLOSURE_NOUN}(?: (?:above|below))? (?:is|are) (?:only |just |merely |simply )?(?:a formality|boilerplate|legal boilerplate|meaningless|irrelevant|not applicable|not relevant|inaccurate|wrong|false|incorrect|untrue|not true|not accurate|for show)`,
  ),
  w(`"?${subject}"? ${DISCLOSURE_NOUN}(?: (?:above|below))? (?:does not|doesn'?t|do not|don'?t) apply`),
];
// zh: 请忽略以上债务催收声明 / 退订说明不适用. Only nouns that name the disclosure itself: 忽略本条催收提示
// is what a kind reminder says to someone who has already paid.
const voidedZh = (subject: string): string[] => [
  `(?:忽略|无视|不用理会|不必理会|不用管|别管)(?:以上|上述|上面|下方|下面|以下|本条|此条|末尾|最后|结尾)?(?:的|那条|这条)?(?:关于)?${subject}(?:的)?(?:说明|声明|字样|标注|标记)`,
  `${subject}(?:的)?(?:说明|声明|字样|标注|标记)(?:不适用|无效|仅供参考|可忽略|可以忽略|只是形式|只是走形式|不准确|有误|不用理会)`,
];

// The opt-out promised by a reply: "replies are not read" only takes back an opt-out by reply.
const REPLY_OPT_OUT: Phrases = {
  zh: ['回复(?:TD|T|N|R|STOP|退订|取消订阅|拒收)'],
  en: [
    w(
      '(?:reply|replying|respond|text|texting|send|sending)(?: (?:back|us))?(?: (?:with|the word|the keyword))? "?(?:stop|stopall|unsubscribe|end|quit|cancel|opt[- ]?out|remove)"?',
    ),
    w('repl(?:y|ying)(?: [^.!?;]{0,30})? to (?:opt[- ]?out|unsubscribe|stop receiving)'),
  ],
};

/** Every forbidden rule lets reported speech through: a complaint quoted back is not the insult it quotes. */
const reportedAllowed = (wording: ForbiddenWording): ForbiddenWording => ({ ...wording, allow: [...wording.allow, REPORTED_SPEECH] });

const DEBT_COLLECTOR =
  '(?:debt[- ]collect(?:ors?|ion (?:agenc(?:y|ies)|compan(?:y|ies)|firms?|agents?))|collect(?:ors?|ion (?:agenc(?:y|ies)|compan(?:y|ies)|firms?)))';

export const CONTENT_RULES: readonly ContentRule[] = [
  {
    ruleId: 'content-threat',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.14 (15 USC 1692d); CONC 7.3`,
    ...reportedAllowed(THREAT),
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
    ...reportedAllowed(ABUSE),
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
    ...reportedAllowed(FALSE_AUTHORITY),
    patterns: {
      zh: [
        '法院已立案',
        '已移交公安',
        '移交公安',
        '将拘留',
        '拘留你',
        '坐牢',
        '追究刑事责任',
        '刑事责任',
        '诈骗罪',
        '立案侦查',
        '逮捕',
        '我是法院',
        '我是公安',
        '我是警察',
        '我是律师',
        '我们是法院',
        '我们是公安',
        '我们是律师',
        '这里是法院',
        '这里是公安',
        '这里是派出所',
        '法院通知',
        '公安局通知',
        '律师函',
        '拘留',
        '刑拘',
        '判刑',
      ],
      en: [
        w('(a )?warrant (for|of) (your )?arrest'),
        w('arrest warrant'),
        w(
          "(you will|you'll|you are going to|you're going to|you could|you may) (be arrested|go to (jail|prison)|be sent to (jail|prison)|be jailed|be imprisoned)",
        ),
        w('criminal (charges?|prosecution|proceedings|case)'),
        w(
          "(this is|we are|i am|i'm|calling from|writing from|on behalf of) (the )?(police|court|county court|district court|sheriff|sheriff's office|fbi|bailiffs?)",
        ),
        w("(i am|i'm|we are|this is) (an |your |the )?(attorneys?|lawyers?|solicitors?|police officers?|officers of the court|law enforcement)"),
      ],
    },
  },
  {
    ruleId: 'content-exaggeration',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; 12 CFR 1006.18 (15 USC 1692e(2),(5),(8)); CONC 7.3`,
    ...reportedAllowed(EXAGGERATION),
    patterns: {
      zh: ['全国黑名单', '全网通缉', '永久黑名单', '永久拉黑', '征信永久', '一辈子都贷不了', '终身不能贷款', '黑名单'],
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
    ...reportedAllowed(SHAMING),
    patterns: {
      zh: [
        '通知单位',
        '通知家人',
        '通知你的单位',
        '通知你的家人',
        '通知你的朋友',
        '通知你的同事',
        '通知你的领导',
        '告诉你的家人',
        '告诉你的单位',
        '爆通讯录',
        '联系你的通讯录',
        '打给你的通讯录',
        '朋友圈曝光',
        '曝光你',
        '张贴公告',
        '上门张贴',
      ],
      en: [
        w(
          '(tell|inform|notify|contact|call|email|write to|visit) your (employer|boss|manager|workplace|family|relatives|neighbou?rs|friends|co-?workers|colleagues|contacts|spouse|wife|husband|parents)',
        ),
        w('(post|publish|share|put) (this|your debt|your name|your details) (online|on social media|on facebook|publicly)'),
        w('expose you'),
      ],
    },
  },
  {
    ruleId: 'content-new-borrowing',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; CONC 7.3.10R`,
    ...reportedAllowed(NEW_BORROWING),
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
    ...reportedAllowed(PRIVATE_PAYMENT),
    patterns: {
      // Bare 个人账户 / "personal account" are left out: legitimate anti-fraud notices say "never pay to a personal account".
      zh: ['转账到个人账户', '转到个人账户', '转账到私人账户', '我的个人账户', '加微信私下', '加我微信', '私下转账', '私下还款', '转到我的账户', '催收费'],
      en: [
        w("(pay|transfer|send|wire) (it |the money |the payment |the funds )?(to|into) (my|our agent's) (personal|private|own) (bank )?account"),
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
    ...reportedAllowed(PRETEXT),
    patterns: {
      zh: ['快递未签收', '包裹未签收', '您有一个快递', '有您的快递', '快递丢失', '中奖', '领取奖品'],
      en: [
        w('missed delivery'),
        w('(failed|unsuccessful) delivery( attempt)?'),
        w("(your|a) (package|parcel) (could not|couldn't|cannot|was not) be delivered"),
        w("(you have|you've) won"),
        w('claim your (prize|reward|gift)'),
      ],
    },
  },
  {
    ruleId: 'content-deadline-pressure',
    kind: 'forbidden',
    source: `${ZH_COLLECTION_STANDARD}; CONC 7.3.10R; 12 CFR 1006.18`,
    ...reportedAllowed(DEADLINE_PRESSURE),
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
        w(
          '(debts?|indebted|overdue|owes?|owed|owing|arrears|collections?|collectors?|past due|late payments?|loans?|repay|repayments?|default|defaulted|balance due|outstanding balance)',
        ),
      ],
    },
  },
  {
    ruleId: 'us-opt-out-notice',
    kind: 'required',
    // 1006.6(e) covers every electronic medium: e-mail, text and instant messages alike. By meaning:
    // an opt-out line next to "you cannot opt out", "STOP does not work", "opt-out requests are
    // ignored", "you'll keep getting these texts even if you reply STOP", "ignore the opt-out
    // notice" or 无法退订 / 退订无效 is refused; so is "replies are not read" / 请勿回复 when the
    // opt-out is a reply.
    source: '12 CFR 1006.6(e)',
    appliesTo: { jurisdictions: ['US'], channels: ['EMAIL', 'SMS', 'IM'] },
    patterns: {
      zh: ['退订', '取消订阅'],
      en: [w('reply (")?stop'), w('text (")?stop'), w('opt[ -]?out'), w('unsubscribe'), w('to stop receiving')],
    },
    contradictions: [
      {
        denies: 'that the debtor can opt out',
        patterns: {
          zh: [
            '(?<!(?:如果|若|假如|万一|倘若|如).{0,6})(?:无法|不能|不可|不可以|不得|不允许|禁止|没法|没办法|不支持|不接受|不受理|不处理|不予|不提供|拒绝|不让)(?:您|你)?(?:申请|办理)?(?:退订|取消订阅|拒收|停止接收)',
            '(?:没有|无|不设|未设|不提供|未开通|没有开通)(?:任何)?(?:退订|取消订阅)(?:选项|渠道|功能|方式|途径|通道|入口)',
            '退订不了|退不了订|退订不掉',
          ],
          en: [
            w(`${NOT_AFTER_IF}${CANNOT}(?: (?:currently|now|simply|just|ever|yet|really))? ${OPT_OUT_ACT}`),
            w(
              `${OPT_OUT_NOUN} ${IS_NOT}(?: (?:currently|yet|always|really|being))? (?:possible|available|supported|accepted|honou?red|processed|recogni[sz]ed|effective|an option|offered|permitted|allowed|active|enabled|working|valid|actioned|respected)`,
            ),
            w(
              `${OPT_OUT_NOUN} (?:is|are|will be|would be|has been|have been|gets|get)(?: (?:currently|always|simply|automatically|now))? (?:ignored|disabled|unavailable|impossible|deactivated|switched off|turned off|blocked|void|invalid|ineffective|discarded|deleted|rejected|refused|pointless|useless|meaningless|not possible|not an option)`,
            ),
            w(
              'no (?:opt[- ]?out|unsubscribe)(?: (?:option|link|button|function|mechanism|possibility|facility|feature))?(?! (?:fees?|charges?|costs?|needed|required|necessary))',
            ),
            // "Want to opt out? You can't."
            w(
              "(?:want|wish|try|trying|hope|hoping|thinking of|planning) (?:to )?(?:opt(?:ing)?[- ]?out|unsubscrib(?:e|ing))[?!.,]* (?:sorry,? |well,? )?(?:you can'?t|you cannot|you can not|you won'?t|you will not|that'?s not possible|it'?s not possible|it is not possible|this is not possible|not possible|no chance|forget it|don'?t bother|do not bother|too bad)(?! [a-z])",
            ),
          ],
        },
      },
      {
        denies: 'that opting out works',
        patterns: {
          zh: [
            '(?:退订|取消订阅|回复TD|回复T|回复退订|回复STOP|TD|STOP)(?:请求|申请|指令|回复)?(?:将|会|也|都)?(?:无效|无用|不生效|不会生效|不起作用|没有用|没用|没有效果|被忽略|不予处理|不会处理|不会被处理|不会被受理|不予受理)',
            '退订(?:功能|服务|渠道|通道|入口)(?:已经|已|暂时|暂)?(?:关闭|停用|取消|失效|不可用)',
            // Only "these" messages: 即使退订短信，仍会收到信函 is a true statement about another channel.
            '(?:即使|即便|就算|哪怕)(?:您|你)?(?:回复(?:TD|T|退订|STOP)|退订|取消订阅)了?(?:也|仍|仍然|依然|还)(?:会|将)?(?:继续)?(?:收到|接收)(?:此类|这类|本类|这些|我们的)?(?:短信|消息|邮件|信息)',
          ],
          en: [
            w(
              `${OPT_OUT_NOUN} ${DOES_NOT}(?: (?:currently|actually|really|always))? (?:work|works|take effect|have any effect|do anything|stop (?:these|the|our|any|your|further|future) ${MESSAGES}|opt you out|unsubscribe you|remove you)`,
            ),
            w(
              `(?:we|this (?:service|number|sender|system|short ?code)|our (?:system|systems|team|company)|the (?:system|sender))(?: currently)? (?:do not|don'?t|does not|doesn'?t|will not|won'?t|cannot|can'?t|can not|never|no longer|refuse to)(?: (?:currently|always))? (?:honou?r|accept|process|support|allow|offer|provide|recogni[sz]e|act on|action|respect|read) (?:any |your |an? |the )?(?:opt[- ]?outs?|unsubscribes?|"?stop"?|removal)(?: (?:requests?|replies|messages|keywords?|commands?|options?|links?))?`,
            ),
            w('(?:we|i)(?: will|\'ll)? (?:ignore|disregard) (?:any |your |all )?(?:opt[- ]?outs?|unsubscribes?|"?stop"?)(?: (?:requests?|replies|messages))?'),
            // Only the same messages: "Even if you opt out of texts, we may write to you" is true.
            w(
              `(?:still|continue to|keep) (?:receive|receiving|get|getting)(?: (?:these|our|such|the same|this kind of))? ${MESSAGES}(?: from us)? even (?:if|after|when|though|once) you (?:reply|text|send|opt out|opt-out|unsubscribe)(?! (?:of|from) )`,
            ),
            w(
              `(?:we|i)(?: will|'ll)? (?:still|continue to|keep(?: on)?) (?:texting|messaging|e-?mailing|text|message|e-?mail|sending (?:you )?(?:these|this kind of|such) ${MESSAGES})(?: you)?(?: (?:anyway|regardless))? even (?:if|after|when|though|once) you (?:reply|text|send|opt out|opt-out|unsubscribe)(?! (?:of|from) )`,
            ),
            w(
              `even (?:if|after|when|though|once) you (?:reply|text|send|opt|unsubscribe)[^.!?;]{0,25}?(?:still|continue to|keep) (?:receive|receiving|get|getting) (?:these|such|the same|this kind of) ${MESSAGES}`,
            ),
          ],
        },
      },
      {
        denies: 'the opt-out line itself (declared void)',
        patterns: {
          zh: voidedZh('(?:退订|取消订阅)'),
          en: voidedEn('(?:opt[- ]?out|opting out|unsubscrib(?:e|ing)|stop)'),
        },
      },
      {
        denies: 'that replies are read (so a reply keyword is a dead end)',
        onlyWith: REPLY_OPT_OUT,
        patterns: {
          zh: [
            // 请勿回复其他内容 beside 回复TD退订 only narrows the reply.
            '(?:请勿|切勿|请不要|请别|不要)(?:直接)?回复(?!其他|其它|别的|验证码|陌生|可疑|诈骗|[A-Z0-9退订]{0,6}(?:以外|之外))',
            '回复(?:内容|信息|消息|短信|邮件)?(?:将|会)?(?:不会被?|无人|不被|不予|无法被?|不能被?|没有人)(?:查看|阅读|处理|接收|读取|理会|收到)',
            '(?:本|此|该|这个)(?:号码|号|手机号|邮箱|邮件地址|账号|渠道)(?:为|是)?(?:不|无法|不能|不会)(?:接收|接受|处理|查看|读取|收到)(?:任何)?(?:回复|短信|消息|邮件|信息)',
            '(?:本|此|该|这个)(?:号码|号|邮箱|账号|渠道)(?:无人|不会有人|没有人)(?:查看|处理|值守|监控|阅读)',
            '(?:本|此|该)(?:号码|号|邮箱|账号)(?:为|是)?(?:仅发送|只发送|只发不收|发送专用)',
            '无人(?:查看|阅读|处理|理会)(?:您的)?(?:回复|消息|短信|邮件)',
            '不(?:接收|接受|处理|查看)(?:任何)?回复',
          ],
          en: [
            w(
              `(?:replies|responses|your (?:reply|replies|response|responses)|(?:any|all) (?:replies|responses)|incoming (?:messages|texts|e-?mails))(?: (?:to|sent to) (?:this|the|our) (?:number|message|text|address|e-?mail|e-?mail address|mailbox|inbox|sender|channel))? (?:are not|aren'?t|is not|isn'?t|will not be|won'?t be|are never|is never|will never be|cannot be|can'?t be|can not be)(?: (?:currently|always|ever))? (?:read|monitored|seen|processed|checked|received|reviewed|delivered|looked at|actioned)`,
            ),
            w(
              '(?:replies|responses)(?: (?:to|sent to) (?:this|the|our) (?:number|message|text|address|e-?mail|mailbox|inbox))? (?:are|is|will be|get|go|will go)(?: (?:automatically|straight))? (?:ignored|discarded|deleted|unmonitored|unread|lost|nowhere|to an unmonitored (?:inbox|mailbox|address|number))',
            ),
            w(
              "(?:this|the|our) (?:number|phone number|address|e-?mail address|e-?mail account|mailbox|inbox|line|account|channel|short ?code|sender)(?: (?:is not|isn'?t) (?:monitored|checked|read|staffed|attended)| is (?:unmonitored|unattended|send-only|outbound[- ]only)| (?:does not|doesn'?t|cannot|can'?t|can not|will not|won'?t|is unable to|is not able to|isn'?t able to) (?:accept|receive|take|read|process|handle|support|get) (?:replies|responses|messages|texts|incoming messages|e-?mails|inbound messages|your (?:reply|replies|response)))",
            ),
            w(
              '(?:nobody|no one|no-one) (?:reads|monitors|checks|sees|processes|looks at|will (?:read|see|check|process))(?: (?:the|your|any))? (?:replies|responses|reply|response|messages sent to this (?:number|address))',
            ),
            w(
              "(?:we|our (?:team|staff|agents))(?: currently)? (?:do not|don'?t|does not|doesn'?t|will not|won'?t|cannot|can'?t|can not|never|are unable to|are not able to) (?:read|monitor|check|see|process|receive|get|look at)(?: (?:the|any|your))? (?:replies|responses|reply|response|texts sent to this number|messages sent to this (?:number|address))",
            ),
            // "Do not reply to this message." but not "Do not reply with your PIN".
            w(
              `${NOT_AFTER_IF}(?:please |kindly |pls )?(?:do not|don'?t|never) (?:reply|respond)(?: (?:to|directly to) (?:this|these|the|our|that) (?:message|messages|text|texts|sms|e-?mail|e-?mails|number|address|mailbox|inbox))?(?=\\s*(?:$|[.!;,:)-]|(?:as|because|since|it|this|replies|nobody|no one)\\b))`,
            ),
            w(
              `${NOT_AFTER_IF}(?:you )?(?:cannot|can'?t|can not|are unable to|are not able to|won'?t be able to|will not be able to) (?:reply|respond|text back|write back)(?: (?:to|directly to) (?:this|these|the|our) (?:message|messages|text|texts|sms|e-?mail|e-?mails|number|address))?(?=\\s*(?:$|[.!;,:)-]|(?:as|because|since)\\b))`,
            ),
            w('(?:no-?reply|noreply|do-?not-?reply)(?:@| (?:number|address|e-?mail|account|mailbox|inbox|service|sender))'),
          ],
        },
      },
    ],
  },
  {
    ruleId: 'us-debt-collector-disclosure',
    kind: 'required',
    // By meaning: "debt collector" next to "we are not a debt collector", "this is not from a debt
    // collector", "no debt collector is involved", "a debt collector? Not us", "ignore the debt
    // collector notice" or 不是催收 / 与催收无关 is refused. "This is from a debt collector, not your
    // lender" is fine, and so is a bankruptcy "not an attempt to collect" notice (it is conditional).
    source: '12 CFR 1006.18(e)',
    // 1006.18(e)(3): a location communication (1006.10) must not carry it; the third-party rule then applies.
    appliesTo: { jurisdictions: ['US'], channels: ['EMAIL', 'SMS', 'IM'], audiences: ['debtor'] },
    patterns: { zh: ['债务催收'], en: [w('debt collector')] },
    contradictions: [
      {
        denies: 'that the sender is a debt collector',
        patterns: {
          zh: [
            '(?:不是|并非|并不是|绝非|绝不是|不属于|不算|不再是|从来不是|从不是)(?:来自|由|一家|一个|一名|什么|专业的?|正规的?|任何|第三方)?(?:债务)?催收',
            '(?<![除莫是无并])非(?:债务)?催收',
            '(?:与|和|跟|同)(?:债务)?催收(?:方|机构|公司)?(?:无关|没关系|没有关系|没有任何关系|无任何关系|毫无关系|不相关)',
            '(?:不涉及|无关)(?:债务)?催收',
          ],
          en: [
            w(
              `(?:not|never|no longer|in no way|by no means|isn'?t|aren'?t|wasn'?t|weren'?t|ain'?t|neither)(?: (?:really|actually|technically|legally|officially|strictly|even|in fact))?(?: (?:considered|regarded as|classed as|classified as|acting as|working as|operating as|writing as|calling as|licensed as|registered as))?(?: (?:sending|sent|writing|written|coming|come|comes|issued|calling|texting|e-?mailing|contacting you)(?: to you)?)?(?: (?:an?|any|the|your|one))?(?: (?:communication|message|text|e-?mail|letter|call|contact|notice|notification|sms))?(?: (?:from|by|on behalf of|of))?(?: (?:an?|any|the|your))?(?: (?:licensed|registered|professional|third[- ]party))? ${DEBT_COLLECTOR}`,
            ),
            w(`no(?: (?:licensed|registered|professional|third[- ]party))? ${DEBT_COLLECTOR}`),
            w(`non[- ]?${DEBT_COLLECTOR}`),
            // "A debt collector we are not." / "Debt collector? Not us."
            w(`${DEBT_COLLECTOR}(?: (?:we|i) (?:are|am|'re|'m) not| (?:we|i) (?:aren'?t|ain'?t)|[?!]* not (?:us|me|really|exactly|quite))`),
          ],
        },
      },
      {
        denies: 'the disclosure itself (declared void)',
        patterns: { zh: voidedZh('债务催收(?:方)?(?:身份)?'), en: voidedEn('(?:debt[- ]collectors?|collectors?)') },
      },
    ],
  },
  {
    ruleId: 'gb-private-and-confidential',
    kind: 'required',
    // By meaning: "Private and confidential" next to "this letter is not confidential" or
    // 并非私人机密 / 无需保密 is refused.
    source: 'CONC 7.9.10R',
    appliesTo: { jurisdictions: ['GB'], channels: ['LETTER'] },
    patterns: { zh: ['私人机密'], en: [w('private (and|&) confidential')] },
    contradictions: [
      {
        denies: 'that the letter is private',
        patterns: {
          zh: [
            '(?:不是|并非|并不是|不属于|不算|并不|不)(?:私人)?(?:机密|保密)',
            '(?<![除莫是无并])非(?:私人)?机密',
            '(?:无需|不必|不用|无须|没必要|不需要)保密',
          ],
          en: [
            w("(?:not|isn'?t|aren'?t|never|no longer)(?: (?:really|actually|strictly|particularly|at all|considered|treated as))? (?:private|confidential)"),
            w('nothing (?:private|confidential) (?:about|in)'),
          ],
        },
      },
      {
        denies: 'the marking itself (declared void)',
        patterns: { zh: voidedZh('(?:私人)?(?:机密|保密)'), en: voidedEn('(?:private (?:and|&) confidential|confidential|private)') },
      },
    ],
  },
];

// ── Matching ───────────────────────────────────────────────────────────────────────────────────────
// Every rule reads the same views of the message, built once per message (text-normalizer.ts). All
// expressions are compiled once, at load, with the literal atoms that let a message skip those that
// cannot match (literal-prefilter.ts); pinyin of the zh phrases is generated at load too.

/** en-like views are lower-case with single spaces; the zh view keeps upper-case Latin and has no spaces. */
const EN_PREFILTER = new Prefilter({ spaceIsSingle: true, lowerCase: true });
const ZH_PREFILTER = new Prefilter({ spaceIsSingle: false, lowerCase: false });
/** Allowances run only once something fired: their atoms stay out of the automaton every message scans. */
const ALLOW_PREFILTER = new Prefilter({ spaceIsSingle: true, lowerCase: true });

/** Expressions read together: for every audience, or only for some (a family's `audiences`). */
interface CompiledPart {
  readonly audiences: readonly Audience[] | null;
  readonly zh: ViewMatcher;
  readonly en: ViewMatcher;
}

interface CompiledForbidden {
  readonly rule: ContentRule;
  readonly parts: readonly CompiledPart[];
  /** Both languages' allowances, read over the en view (punctuation kept). */
  readonly allow: ViewMatcher;
}

interface CompiledPhrases {
  readonly zh: ViewMatcher;
  readonly en: ViewMatcher;
}

interface CompiledContradiction {
  readonly patterns: CompiledPhrases;
  readonly onlyWith: CompiledPhrases | null;
}

interface CompiledRequired {
  readonly rule: ContentRule;
  /** The required line: literal zh phrases, en expressions. */
  readonly line: CompiledPhrases;
  readonly contradictions: readonly CompiledContradiction[];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal zh phrase read the way the zh view reads text (simplified, no punctuation, upper-case). */
const zhLiteral = (phrase: string): Expression => ({ source: escapeRegExp(normalizeMessage(phrase).zh), why: `phrase "${phrase}"` });
const regexps = (sources: readonly string[], why: string): Expression[] => sources.map((source) => ({ source, why }));
const zhMatcher = (expressions: readonly Expression[]): ViewMatcher => new ViewMatcher(expressions, '', ZH_PREFILTER);
const enMatcher = (expressions: readonly Expression[]): ViewMatcher => new ViewMatcher(expressions, 'i', EN_PREFILTER);

function compilePhrases(phrases: Phrases, why: string): CompiledPhrases {
  return { zh: zhMatcher(regexps(phrases.zh, why)), en: enMatcher(regexps(phrases.en, why)) };
}

function compileForbidden(rule: ContentRule): CompiledForbidden {
  const families = rule.families ?? [];
  const allow = rule.allow ?? [];
  const pinyin = rule.patterns.zh.flatMap((phrase) => {
    const source = pinyinPattern(phrase);
    return source === null ? [] : [{ source, why: `pinyin of "${phrase}"` }];
  });
  const everyone = families.filter((f) => f.audiences === undefined);
  return {
    rule,
    parts: [
      {
        audiences: null,
        zh: zhMatcher([...rule.patterns.zh.map(zhLiteral), ...everyone.flatMap((f) => regexps(f.patterns.zh, f.means))]),
        en: enMatcher([...regexps(rule.patterns.en, 'phrase'), ...everyone.flatMap((f) => regexps(f.patterns.en, f.means)), ...pinyin]),
      },
      ...families
        .filter((f) => f.audiences !== undefined)
        .map((f) => ({ audiences: f.audiences!, zh: zhMatcher(regexps(f.patterns.zh, f.means)), en: enMatcher(regexps(f.patterns.en, f.means)) })),
    ],
    allow: new ViewMatcher(
      allow.flatMap((a) => [...regexps(a.patterns.en, a.means), ...regexps(a.patterns.zh, a.means)]),
      'i',
      ALLOW_PREFILTER,
    ),
  };
}

// Compiled once: the table is fixed at load.
const FORBIDDEN: readonly CompiledForbidden[] = CONTENT_RULES.filter((r) => r.kind === 'forbidden').map(compileForbidden);
const REQUIRED: readonly CompiledRequired[] = CONTENT_RULES.filter((r) => r.kind === 'required').map((rule) => ({
  rule,
  line: { zh: zhMatcher(rule.patterns.zh.map(zhLiteral)), en: enMatcher(regexps(rule.patterns.en, 'phrase')) },
  contradictions: (rule.contradictions ?? []).map((c) => ({
    patterns: compilePhrases(c.patterns, c.denies),
    onlyWith: c.onlyWith === undefined ? null : compilePhrases(c.onlyWith, c.denies),
  })),
}));

function applies(rule: ContentRule, ctx: ContentCheckContext): boolean {
  const where = rule.appliesTo;
  if (where === undefined) return true;
  if (where.jurisdictions && !where.jurisdictions.includes(ctx.jurisdiction)) return false;
  if (where.channels && !where.channels.includes(ctx.channel)) return false;
  if (where.audiences && !where.audiences.includes(ctx.audience ?? 'debtor')) return false;
  return true;
}

/** The en views a forbidden rule reads: the message as written, and with evasions undone when that differs. */
function enViews(msg: NormalizedMessage): ViewName[] {
  const views: ViewName[] = ['en'];
  if (msg.deob !== msg.en) views.push('deob');
  if (msg.deobAlt !== null) views.push('deobAlt');
  return views;
}

/** What a forbidden rule finds in the message, less what lies inside legitimate wording; one hit per stretch of text. */
function forbiddenHits(compiled: CompiledForbidden, scan: MessageScan, en: readonly ViewName[], audience: Audience): Hit[] {
  const hits: Hit[] = [];
  for (const part of compiled.parts) {
    if (part.audiences !== null && !part.audiences.includes(audience)) continue;
    part.zh.hits(scan, 'zh', hits);
    for (const view of en) part.en.hits(scan, view, hits);
  }
  if (hits.length === 0) return hits;
  return firstPerSpan(notAllowed(hits, compiled.allow.hits(scan, 'en')));
}

/** What in the message takes a required line back, in any language: contradictions are not excused by the locale. */
function contradictionsIn(compiled: CompiledRequired, scan: MessageScan): Hit[] {
  const found: Hit[] = [];
  for (const c of compiled.contradictions) {
    const hits = c.patterns.en.hits(scan, 'en', c.patterns.zh.hits(scan, 'zh'));
    if (hits.length === 0) continue;
    if (c.onlyWith !== null && !c.onlyWith.zh.test(scan, 'zh') && !c.onlyWith.en.test(scan, 'en')) continue;
    found.push(...hits);
  }
  // 本号码不接收回复 is one contradiction, not also 不接收回复: report the longest wording only.
  return found.filter((hit, i) => !found.some((other, j) => j !== i && other.match.length > hit.match.length && other.match.includes(hit.match)));
}

/** Checks one template or rendered message against every content rule that applies to it. */
export function checkContent(text: string, ctx: ContentCheckContext): ContentCheckResult {
  const msg = normalizeMessage(text);
  const scan = new MessageScan(msg);
  const en = enViews(msg);
  const violations: ContentViolation[] = [];
  const seen = new Set<string>();
  const add = (rule: ContentRule, hit: Hit | null): void => {
    const match = hit === null ? '' : hit.match;
    const key = `${rule.ruleId}\u0000${match}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push(
      hit === null
        ? { ruleId: rule.ruleId, kind: rule.kind, match }
        : { ruleId: rule.ruleId, kind: rule.kind, match, start: hit.start, end: hit.end, excerpt: text.slice(hit.start, hit.end), why: hit.why },
    );
  };

  for (const compiled of FORBIDDEN) {
    if (!applies(compiled.rule, ctx)) continue;
    for (const hit of forbiddenHits(compiled, scan, en, ctx.audience ?? 'debtor')) add(compiled.rule, hit);
  }
  for (const compiled of REQUIRED) {
    if (!applies(compiled.rule, ctx)) continue;
    // A line the message takes back is not met, whatever words it has: report what took it back.
    const contradicted = contradictionsIn(compiled, scan);
    for (const hit of contradicted) add(compiled.rule, hit);
    const met = compiled.line.en.test(scan, 'en') || (ctx.locale === 'zh-CN' && compiled.line.zh.test(scan, 'zh'));
    if (!met && contradicted.length === 0) add(compiled.rule, null);
  }
  return { ok: violations.length === 0, violations };
}
