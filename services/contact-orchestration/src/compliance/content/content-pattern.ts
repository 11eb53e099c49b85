/**
 * The shapes the content rules are written in, and the helpers their regular expressions are built
 * with. Everything here is data served with the rules (GET /v1/compliance/profiles): an auditor
 * reads what each rule covers, and what it lets through, in the words the guard runs.
 */
export interface Phrases {
  readonly zh: readonly string[];
  readonly en: readonly string[];
}

/**
 * Wording by meaning under one forbidden rule: "a threat verb near a person or their property",
 * "an authority noun in the first person". zh expressions run over the zh view (no whitespace,
 * punctuation or symbols; traditional and Japanese forms simplified; Latin upper-case), en
 * expressions over the en view and its de-obfuscated twin (lower-case; see text-normalizer.ts). A
 * violation names the family it came from.
 */
export interface PatternFamily {
  /** What the wording does, in a few words. */
  readonly means: string;
  readonly patterns: Phrases;
  /**
   * Who the family is read for; absent: everyone. "He owes us £1,240" is shaming in a message meant
   * for the debtor's circle under the debtor's name; to a third party it is the `third-party`
   * rule's business, which names it so.
   */
  readonly audiences?: readonly Audience[];
}

/** Who reads a message; defaults to the debtor. */
export type Audience = 'debtor' | 'third-party';

/**
 * Legitimate wording a forbidden family could be taken for: "never pay into a personal account",
 * 谨防诈骗，切勿向个人账户转账, "report fraud to the police", "you may take this to the ombudsman".
 * Both languages are read over the en view — the message with its punctuation, lower-case, Han
 * simplified — so an allowance ends with its clause. A forbidden match that lies wholly inside an
 * allowed one does not count; anything else in the message still does.
 */
export type AllowPattern = Omit<PatternFamily, 'audiences'>;

/** A forbidden rule's wording by meaning, and the legitimate wording it must let through. */
export interface ForbiddenWording {
  readonly families: readonly PatternFamily[];
  readonly allow: readonly AllowPattern[];
}

/** Word-bounded, whitespace-tolerant en expression: "you'll regret it" also matches "YOU'LL  REGRET IT"; " ?" is optional whitespace ("dead ?beat"). */
export const w = (phrase: string): string => `\\b${phrase.replace(/ \?/g, '\\s*').replace(/ /g, '\\s+')}\\b`;

/** en: `a`, then within `gap` characters of the same clause (no . ! ? ; or line break), `b`. */
export const near = (a: string, b: string, gap = 30): string => `\\b(?:${a})\\b[^.!?;\\n]{0,${gap}}?\\b(?:${b})\\b`;

/** zh: `a`, then within `gap` characters, `b` (the zh view has no punctuation: keep gaps short). */
export const nearZh = (a: string, b: string, gap = 6): string => `(?:${a}).{0,${gap}}?(?:${b})`;

/** The rest of an en clause, up to `max` characters: what an allowance covers after its cue. */
export const restOfClause = (max = 80): string => `(?:(?!\\b(?:but|unless|otherwise|or else|except)\\b)[^.!?;\\n]){0,${max}}`;

/** The rest of a zh clause in the en view (a Chinese comma is a comma there), up to `max` characters. */
export const restOfZhClause = (max = 24): string => `(?:(?!但|否则|除非|不然|要不)[^。！？；.!?;\\n]){0,${max}}`;

/** en: "we will not", "never", "may not", … — a cue that what follows is denied, not done. */
export const EN_DENIAL =
  "(?:will not|won't|will never|would never|would not|wouldn't|do not|don't|does not|doesn't|did not|didn't|never|may not|must not|cannot|can't|can not|are not allowed to|aren't allowed to|is not allowed to|are not permitted to|not permitted to|have no right to|has no right to|no one will|nobody will|no one is going to|nobody is going to|there is no need to|no need to|(?:no one|no-one|nobody|none of (?:us|our [a-z]+|the [a-z]+)|no (?:genuine |real |legitimate |reputable |legal |official )?(?:organi[sz]ation|company|firm|lender|bank|debt collector|collector|agency|business|police force|police officer|court|member of (?:our )?staff|staff member|one)s?)(?: (?:from|at|in|on|of) [a-z']+(?: [a-z']+)?)? (?:will|would|is going to|is allowed to|may|can|should)(?: ever)?)";

/**
 * en: a denial followed, within three words, by one of `verbs`, and the rest of the clause:
 * "we won't contact your employer, your family or your neighbours". "We will not hesitate to tell
 * your employer" is no denial: the words between may not say the act is coming anyway.
 */
export const deniedEn = (verbs: string, max = 80): string =>
  `(?<!\\b(?:if|unless|when|until|or|and if) (?:you|u|ya) )\\b${EN_DENIAL}(?: (?!hesitate|fail|delay|wait|stop|think|forget|regret|mind|let up|back down)[a-z']+){0,3}? (?:${verbs})\\b${restOfClause(max)}`;

/** zh: 不会、绝不、切勿、请勿、不要、谨防、严禁… — a cue that what follows is denied or warned against. */
export const ZH_DENIAL =
  '(?:也未|均未|尚未|从未|从来没有|从来没|从没有|从没|未曾|不曾|并未|绝不会|绝对不会|不会|绝不|从不|从来不|决不|不得|不能|无权|不允许|不可以|禁止|严禁|切勿|请勿|勿|千万不要|千万别|不要|别(?![^\\u4e00-\\u9fff]{0,3}[的人家处样])|不建议|不存在|没有|并非|并不|不是|不属于|不构成|不涉及|谨防|警惕|防范|小心)';

/** zh: a denial followed, within a few characters, by one of `verbs`, and the rest of the clause. */
export const deniedZh = (verbs: string, max = 24): string => `${ZH_DENIAL}(?:[^。！？；.!?;\\n,，]{0,10}?)(?:${verbs})${restOfZhClause(max)}`;

/** zh: "如有人…", "若接到…", "任何…均为诈骗": what someone else might do, not what we do. */
export const ZH_IF_SOMEONE = [
  `(?:如|若|如果|假如|一旦|倘若)(?:您)?(?:有人|遇到|遇|接到|收到|发现)${restOfZhClause(40)}`,
  `(?:任何|凡是|凡)${restOfZhClause(50)}(?:均为|都是|均是|即为|就是|均属|属于|一律是|皆为)(?:诈骗|骗子|骗局|冒充)`,
  `(?:不法分子|诈骗分子|骗子|犯罪分子)${restOfZhClause(50)}`,
  // What such people do: 他们常以收费为名诱导您转账到个人账户.
  `(?:他们|对方|此类|这类|这些|中介|骗子|不法分子)(?:机构|人员|中介)?(?:常|常常|往往|会|通常|经常|一般)?(?:以|冒充|谎称|诱导|要求|骗|假借|打着)${restOfZhClause(40)}`,
  // Quoted wording: 所谓“全国黑名单”, 以“快递未签收”为名, 担心会被“爆通讯录”.
  '(?:所谓|以|担心|害怕|谎称|声称|自称|说的|被|网传|网上传|传言|谣传|有人说|听说|流传)(?:会被|被)?"[^"]{1,24}"(?:"[^"]{1,24}")*(?:为名|为由|等)?',
  // A claim quoted and corrected: “不还网贷会被拘留”等说法不实.
  `"[^"]{1,24}"(?:等)?(?:的)?(?:说法|言论|传言|信息|消息)?(?:均|都|纯属|属于|是|为)?(?:不实|谣言|虚假|错误|假的|误导|不真实|不正确)`,
];

/**
 * en: a description of what scammers send or say — "we've seen scam texts about missed deliveries
 * that ask people to pay a collection fee" — up to the end of its clause. Not "this is not a scam".
 */
export const EN_SCAM_DESCRIBED = `\\b(?<!(?:not|no|isn't|never) (?:a |an )?)(?:scam|scams|scammers?|fraudsters?|fake|phishing|fraudulent|criminals?|impostors?|imposters?|con artists?)(?: [a-z]+(?: and [a-z]+)?){0,2}? (?:texts?|messages?|calls?|e-?mails?|letters?|websites?|links?|callers?|sites?|accounts?|profiles?|pages?)?(?: )?(?:about|that|which|who|asking|claiming|pretending|saying|demanding|offering|telling)\\b${restOfClause(120)}`;

/**
 * Someone else's words reported, not said: a complaint or a question quoted back ("you told us our
 * agent called you a 'deadbeat'", 您投诉…称您为“老赖”“骗子”, 您问的“全国黑名单”), a worry or a
 * question put in the debtor's own words ("you asked whether bailiffs will come", 您来电询问…).
 * Every forbidden rule reads it as allowed: the quotation marks (or the question) hold the words.
 */
export const REPORTED_SPEECH: AllowPattern = {
  means: "someone else's words reported: a complaint or a question quoted back, the debtor's own worry",
  patterns: {
    en: [
      `\\b(?:told us|you told|you said|you reported|you mentioned|you asked|you complained|complained that|complaint (?:that|about)|described|said|says|called you|calling you|referred to you as|used (?:the )?(?:words?|phrases?)|words like|phrases like|such as|claims? like|things like)${restOfClause(60)}?(?:"[^"\\n]{1,80}"|'(?:[^'\\n]|'(?=[a-z])){1,80}')(?:,? (?:and|or|,) (?:"[^"\\n]{1,80}"|'(?:[^'\\n]|'(?=[a-z])){1,80}'))*`,
      w(
        `you(?:'re| are| were| have been)? (?:asked|wanted to know|wondered|enquired|inquired|queried|worried|concerned|afraid|scared|anxious)(?: (?:whether|if|about|that|when|why|how))?${restOfClause(100)}`,
      ),
    ],
    zh: [
      `(?:投诉|反映|举报|称|说|提到|询问|问|问到|咨询|所谓|什么|担心|听说|网上说)(?:的)?[^。！？；.!?;\\n]{0,30}?"[^"\\n]{1,30}"(?:[、,，和及与或]?"[^"\\n]{1,30}")*`,
      `(?:您|你)(?:来电|之前|刚才|上次|在电话中|在电话里)?(?:询问|问|问到|咨询|担心|害怕|顾虑|提到担心|表示担心)(?:的)?${restOfZhClause(40)}`,
    ],
  },
};
