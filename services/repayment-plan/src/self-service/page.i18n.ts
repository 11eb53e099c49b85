export const PAGE_LANGUAGES = ['zh-CN', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** The page's language: `?lang=` when it names one, else the case's locale, else the browser's. */
export function pageLanguage(query: unknown, caseLocale: string | null, acceptLanguage: string | undefined): PageLanguage {
  if (query === 'zh-CN' || query === 'en') return query;
  if (caseLocale) return caseLocale.startsWith('zh') ? 'zh-CN' : 'en';
  return /^\s*zh/i.test(acceptLanguage ?? '') ? 'zh-CN' : 'en';
}

export interface PageText {
  readonly title: string;
  readonly owed: string;
  readonly overdue: string;
  readonly outstanding: string;
  readonly daysPastDue: string;
  readonly dueDate: string;
  readonly offersTitle: string;
  readonly offersIntro: string;
  readonly noOffers: string;
  readonly instalments: (n: number) => string;
  readonly reducedFirst: string;
  readonly extension: (days: number) => string;
  readonly settlement: (percent: number) => string;
  readonly needsApproval: string;
  readonly totalPayable: string;
  readonly schedule: string;
  readonly seq: string;
  readonly date: string;
  readonly amount: string;
  readonly paid: string;
  readonly choose: string;
  readonly promiseTitle: string;
  readonly promiseIntro: (latest: string) => string;
  readonly promiseAmount: string;
  readonly promiseDate: string;
  readonly promiseSubmit: string;
  readonly yourPlans: string;
  readonly planStatus: Record<string, string>;
  readonly promiseStatus: Record<string, string>;
  readonly promiseLine: (amount: string, date: string) => string;
  readonly complaintTitle: string;
  readonly complaintIntro: string;
  readonly complaintSubmit: string;
  readonly done: Record<'plan' | 'promise' | 'complaint', string>;
  readonly errors: Record<
    'plan-exists' | 'offer-gone' | 'promise-invalid' | 'complaint-empty' | 'complaint-unavailable' | 'resolved',
    (phone: string) => string
  >;
  readonly resolved: string;
  readonly privacy: string;
  readonly switchTo: string;
  readonly linkExpired: string;
  readonly linkInvalid: string;
  readonly linkHelp: (phone: string) => string;
  readonly unknownCase: string;
  readonly forbiddenOrigin: string;
}

export const TEXT: Record<PageLanguage, PageText> = {
  'zh-CN': {
    title: '我的还款方案',
    owed: '您目前的欠款',
    overdue: '逾期金额',
    outstanding: '剩余本息',
    daysPastDue: '逾期天数',
    dueDate: '原到期日',
    offersTitle: '可选的还款方式',
    offersIntro: '请选择一个您能坚持的方案。选择后会生成还款计划，每期金额和日期如下。',
    noOffers: '目前没有可在线选择的方案，请联系我们商量。',
    instalments: (n) => `分 ${n} 期按月还款`,
    reducedFirst: '首期减半',
    extension: (d) => `延期还款（最多 ${d} 天）`,
    settlement: (p) => `一次性结清（减免 ${p}%）`,
    needsApproval: '需主管审批后生效',
    totalPayable: '应还总额',
    schedule: '还款计划',
    seq: '期数',
    date: '日期',
    amount: '金额',
    paid: '已还',
    choose: '选择此方案',
    promiseTitle: '承诺还款',
    promiseIntro: (latest) => `告诉我们您准备在哪天还多少（最晚 ${latest}）。`,
    promiseAmount: '金额',
    promiseDate: '日期',
    promiseSubmit: '提交承诺',
    yourPlans: '我的方案与承诺',
    planStatus: { proposed: '待确认', 'pending-approval': '待审批', active: '执行中', completed: '已完成', broken: '已违约', cancelled: '已取消' },
    promiseStatus: { open: '进行中', kept: '已兑现', broken: '未兑现', cancelled: '已取消' },
    promiseLine: (amount, date) => `承诺于 ${date} 还款 ${amount}`,
    complaintTitle: '意见与投诉',
    complaintIntro: '如您对催收方式有意见，请在此告诉我们，我们会在规定时间内答复。',
    complaintSubmit: '提交投诉',
    done: { plan: '已为您生成还款计划。', promise: '已记录您的还款承诺。', complaint: '您的投诉已提交，我们会尽快处理。' },
    errors: {
      'plan-exists': () => '您已有一个进行中的方案。',
      'offer-gone': () => '该方案已不可选，请重新选择。',
      'promise-invalid': () => '承诺的金额或日期不在允许范围内。',
      'complaint-empty': () => '请填写投诉内容。',
      'complaint-unavailable': (phone) => `暂时无法提交投诉，请稍后再试，或致电 ${phone}。`,
      resolved: () => '此案件已结清。',
    },
    resolved: '您的欠款已结清，无需再还款。谢谢！',
    privacy: '本页面仅显示您本人贷款的金额与日期。',
    switchTo: 'English',
    linkExpired: '此链接已过期。',
    linkInvalid: '此链接无效。',
    linkHelp: (phone) => `请使用短信或邮件中的最新链接，或致电 ${phone}。`,
    unknownCase: '暂时找不到您的贷款信息，请稍后再试。',
    forbiddenOrigin: '请求来源不正确，请在本页面内操作。',
  },
  en: {
    title: 'My repayment options',
    owed: 'What you owe now',
    overdue: 'Overdue amount',
    outstanding: 'Outstanding balance',
    daysPastDue: 'Days past due',
    dueDate: 'Original due date',
    offersTitle: 'Ways to repay',
    offersIntro: 'Choose a plan you can keep. Each shows exactly what you pay and when.',
    noOffers: 'There is no plan to choose online right now; please contact us to talk it through.',
    instalments: (n) => `${n} monthly instalments`,
    reducedFirst: 'reduced first payment',
    extension: (d) => `More time (up to ${d} days)`,
    settlement: (p) => `Settle in one payment (${p}% off)`,
    needsApproval: 'Takes effect once a supervisor approves it',
    totalPayable: 'Total to pay',
    schedule: 'Schedule',
    seq: 'No.',
    date: 'Date',
    amount: 'Amount',
    paid: 'Paid',
    choose: 'Choose this plan',
    promiseTitle: 'Promise to pay',
    promiseIntro: (latest) => `Tell us how much you will pay and when (by ${latest} at the latest).`,
    promiseAmount: 'Amount',
    promiseDate: 'Date',
    promiseSubmit: 'Send my promise',
    yourPlans: 'My plans and promises',
    planStatus: {
      proposed: 'proposed',
      'pending-approval': 'awaiting approval',
      active: 'active',
      completed: 'completed',
      broken: 'missed',
      cancelled: 'cancelled',
    },
    promiseStatus: { open: 'open', kept: 'kept', broken: 'missed', cancelled: 'cancelled' },
    promiseLine: (amount, date) => `Promised ${amount} on ${date}`,
    complaintTitle: 'Feedback and complaints',
    complaintIntro: 'If you are unhappy with how we have contacted you, tell us here and we will answer within the required time.',
    complaintSubmit: 'Send complaint',
    done: {
      plan: 'Your repayment plan is set up.',
      promise: 'Your promise to pay is recorded.',
      complaint: 'Your complaint has been sent; we will look into it.',
    },
    errors: {
      'plan-exists': () => 'You already have a plan in progress.',
      'offer-gone': () => 'That option is no longer available; please choose again.',
      'promise-invalid': () => 'The amount or date is outside what can be promised.',
      'complaint-empty': () => 'Please write what your complaint is about.',
      'complaint-unavailable': (phone) => `We could not send your complaint just now. Please try again later or call us on ${phone}.`,
      resolved: () => 'This case is settled.',
    },
    resolved: 'Your arrears are cleared; there is nothing more to pay. Thank you.',
    privacy: 'This page shows only the amounts and dates of your own loan.',
    switchTo: '中文',
    linkExpired: 'This link has expired.',
    linkInvalid: 'This link is not valid.',
    linkHelp: (phone) => `Please use the latest link from your text or e-mail, or call us on ${phone}.`,
    unknownCase: 'We cannot find your loan right now; please try again later.',
    forbiddenOrigin: 'This request did not come from this page; please use the page itself.',
  },
};

const SYMBOLS: Record<string, string> = { CNY: '¥', GBP: '£', USD: '$', EUR: '€' };

/** "¥1,712.35" from minor units, exactly (no float on the way). */
export function formatMoney(minor: bigint, currency: string): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  const symbol = SYMBOLS[currency];
  const body = `${whole}.${cents}`;
  return `${negative ? '-' : ''}${symbol ?? ''}${body}${symbol ? '' : ` ${currency}`}`;
}
