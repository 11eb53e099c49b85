import type { ComplaintCategory, ComplaintOutcome, Jurisdiction, Locale } from '@clearpath/contracts';

export const REMEDIES = ['APOLOGY', 'FEE_REFUND', 'WRITE_OFF', 'COLLECTOR_RETRAINING'] as const;
export type Remedy = (typeof REMEDIES)[number];

export interface LetterInput {
  readonly complaintId: string;
  readonly loanId: string;
  readonly jurisdiction: Jurisdiction;
  readonly locale: Locale;
  readonly timezone: string;
  readonly category: ComplaintCategory;
  readonly outcome: ComplaintOutcome;
  readonly remedies: readonly Remedy[];
  readonly receivedAt: Date;
  readonly resolvedAt: Date;
}

export interface ResponseLetter {
  readonly locale: Locale;
  readonly subject: string;
  readonly body: string;
  readonly generatedAt: string;
}

/**
 * Where the debtor can go next if not satisfied, per jurisdiction. GB: the final response must tell
 * the debtor of the right to refer to the Financial Ombudsman Service within six months (DISP 1.6.2R,
 * DISP 1 Annex 3R). CN: the regulator's consumer complaint line 12378 (国家金融监督管理总局).
 * US: the CFPB's complaint portal.
 */
const ESCALATION: Record<Jurisdiction, Record<'zh' | 'en', string>> = {
  CN: {
    zh: '如您对本处理结果不满意，可以向国家金融监督管理总局或其派出机构反映，消费者投诉维权热线：12378；也可以依法申请调解、仲裁或提起诉讼。',
    en: 'If you are not satisfied with this answer, you may complain to the National Financial Regulatory Administration (consumer complaint line 12378), or seek mediation, arbitration or court action.',
  },
  US: {
    zh: '如您对本处理结果不满意，可以向美国消费者金融保护局（CFPB）投诉：www.consumerfinance.gov/complaint，电话 (855) 411-2372。',
    en: 'If you are not satisfied with this answer, you can submit a complaint to the Consumer Financial Protection Bureau at www.consumerfinance.gov/complaint or by calling (855) 411-2372.',
  },
  GB: {
    zh: '这是我们的最终答复。如您不满意，您有权在本函日期起六个月内将投诉提交英国金融申诉专员服务机构（Financial Ombudsman Service）处理，服务免费：www.financial-ombudsman.org.uk，电话 0800 023 4567。',
    en: 'This is our final response. If you remain dissatisfied, you have the right to refer your complaint to the Financial Ombudsman Service, free of charge, within six months of the date of this letter. You can contact them at www.financial-ombudsman.org.uk or on 0800 023 4567. If you do not refer your complaint in time, the Ombudsman will not have our permission to consider it and so will only be able to do so in very limited circumstances.',
  },
};

const OUTCOME_TEXT: Record<ComplaintOutcome, Record<'zh' | 'en', string>> = {
  UPHELD: { zh: '经调查，我们认为您的投诉成立。', en: 'Having investigated, we uphold your complaint.' },
  PARTLY_UPHELD: { zh: '经调查，我们认为您的投诉部分成立。', en: 'Having investigated, we uphold your complaint in part.' },
  REJECTED: {
    zh: '经调查，我们未发现您所述的问题，因此未能支持您的投诉。我们理解这可能不是您希望的结果。',
    en: 'Having investigated, we have not found that we acted wrongly, so we do not uphold your complaint. We understand this may not be the answer you hoped for.',
  },
};

const REMEDY_TEXT: Record<Remedy, Record<'zh' | 'en', string>> = {
  APOLOGY: { zh: '我们就给您带来的困扰诚恳致歉。', en: 'We sincerely apologise for the distress this has caused you.' },
  FEE_REFUND: { zh: '相关费用将退还至您的账户。', en: 'The fees concerned will be refunded to your account.' },
  WRITE_OFF: { zh: '相关欠款将予以核销，不再向您催收。', en: 'The amount concerned will be written off and will not be collected from you.' },
  COLLECTOR_RETRAINING: {
    zh: '涉及的催收人员将接受再培训，我们也将加强对催收行为的监督。',
    en: 'The staff involved will be retrained, and we are strengthening our oversight of collection contact.',
  },
};

const CATEGORY_TEXT: Record<ComplaintCategory, Record<'zh' | 'en', string>> = {
  HARASSMENT: { zh: '催收方式不当', en: 'the way we contacted you' },
  THIRD_PARTY_CONTACT: { zh: '联系第三方', en: 'our contact with other people about your account' },
  PRIVACY: { zh: '个人信息保护', en: 'the handling of your personal information' },
  WRONG_AMOUNT: { zh: '欠款金额', en: 'the amount we said you owe' },
  HARDSHIP: { zh: '还款困难', en: 'your financial difficulty' },
  FEES: { zh: '费用与利息', en: 'fees and interest' },
  OTHER: { zh: '服务问题', en: 'our service' },
};

function formatDate(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(at);
}

/** The response letter in the debtor's locale. No names or addresses: the letter service adds them when it prints. */
export function renderResponseLetter(input: LetterInput): ResponseLetter {
  const reference = input.complaintId.slice(0, 8).toUpperCase();
  const received = formatDate(input.receivedAt, input.locale, input.timezone);
  const dated = formatDate(input.resolvedAt, input.locale, input.timezone);
  const generatedAt = input.resolvedAt.toISOString();
  if (input.locale === 'zh-CN') {
    const body = [
      dated,
      '',
      '尊敬的客户：',
      '',
      `您于${received}就贷款 ${input.loanId} 提出的关于“${CATEGORY_TEXT[input.category].zh}”的投诉（投诉编号 ${reference}），我们已完成调查，现答复如下。`,
      '',
      OUTCOME_TEXT[input.outcome].zh,
      ...input.remedies.map((r) => REMEDY_TEXT[r].zh),
      '',
      ESCALATION[input.jurisdiction].zh,
      '',
      '感谢您的反馈。',
      '客户投诉处理部',
    ].join('\n');
    return { locale: input.locale, subject: `关于您的投诉（编号 ${reference}）的处理结果`, body, generatedAt };
  }
  const gb = input.locale === 'en-GB';
  const body = [
    ...(gb ? ['Private and confidential', ''] : []),
    dated,
    '',
    gb ? 'Dear Customer,' : 'Dear Customer:',
    '',
    `Thank you for your complaint of ${received} about ${CATEGORY_TEXT[input.category].en} on loan ${input.loanId} (reference ${reference}). We have now completed our investigation.`,
    '',
    OUTCOME_TEXT[input.outcome].en,
    ...input.remedies.map((r) => REMEDY_TEXT[r].en),
    '',
    ESCALATION[input.jurisdiction].en,
    '',
    gb ? 'Yours faithfully,' : 'Sincerely,',
    'Customer Complaints Team',
  ].join('\n');
  return { locale: input.locale, subject: `${gb ? 'Final response' : 'Response'} to your complaint (reference ${reference})`, body, generatedAt };
}
