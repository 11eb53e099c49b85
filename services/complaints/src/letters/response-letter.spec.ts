import { renderResponseLetter, type LetterInput } from './response-letter';

const base: LetterInput = {
  complaintId: '3f1c2a9e-0b6d-4c55-9d1e-3f2b7c0a9e11',
  loanId: 'LN-1',
  jurisdiction: 'CN',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  category: 'HARASSMENT',
  outcome: 'UPHELD',
  remedies: ['APOLOGY', 'COLLECTOR_RETRAINING'],
  receivedAt: new Date('2026-11-30T17:00:00Z'),
  resolvedAt: new Date('2026-12-05T02:00:00Z'),
};

describe('response letter', () => {
  it('zh-CN: in Chinese, dates in the debtor’s zone, the remedies and the regulator’s complaint line', () => {
    const letter = renderResponseLetter(base);
    expect(letter.subject).toBe('关于您的投诉（编号 3F1C2A9E）的处理结果');
    // 30 Nov 17:00 UTC is 1 December in Shanghai.
    expect(letter.body).toContain('您于2026年12月1日就贷款 LN-1');
    expect(letter.body).toContain('投诉成立');
    expect(letter.body).toContain('诚恳致歉');
    expect(letter.body).toContain('再培训');
    expect(letter.body).toContain('12378');
    expect(letter.body).not.toContain('Private and confidential');
  });

  it('en-GB: marked private and confidential, a final response with the ombudsman referral right', () => {
    const letter = renderResponseLetter({ ...base, jurisdiction: 'GB', locale: 'en-GB', timezone: 'Europe/London', outcome: 'REJECTED', remedies: [] });
    expect(letter.body.split('\n')[0]).toBe('Private and confidential');
    expect(letter.subject).toMatch(/^Final response/);
    expect(letter.body).toContain('Financial Ombudsman Service');
    expect(letter.body).toContain('within six months');
    expect(letter.body).toContain('we do not uphold your complaint');
  });

  it('en-US: the CFPB complaint channel, US date format', () => {
    const letter = renderResponseLetter({
      ...base,
      jurisdiction: 'US',
      locale: 'en-US',
      timezone: 'America/New_York',
      outcome: 'PARTLY_UPHELD',
      remedies: ['FEE_REFUND'],
    });
    expect(letter.body).toContain('consumerfinance.gov/complaint');
    expect(letter.body).toContain('November 30, 2026');
    expect(letter.body).toContain('refunded');
    expect(letter.body).not.toContain('Private and confidential');
  });
});
