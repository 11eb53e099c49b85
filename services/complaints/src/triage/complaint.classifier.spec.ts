import { ComplaintClassifier } from './complaint.classifier';
import { tokenize } from './complaint-text.tokenizer';
import { assessSeverity } from './complaint-severity.rules';
import { loadLabelledSet } from './labelled-set';

describe('complaint text tokenizer', () => {
  it('turns Han runs into character unigrams and bigrams, English into stemmed words and bigrams', () => {
    const C = (concept: string) => [concept, concept, concept];
    expect(tokenize('骚扰电话')).toEqual([...C('@calls'), '骚', '骚扰', '扰', '扰电', '电', '电话', '话']);
    expect(tokenize('They called my employer')).toEqual([...C('@workplace'), ...C('@calls'), 'call', 'employer', 'call_employer']);
    expect(tokenize('Charged £25 late fees')).toEqual([...C('@fee'), 'charg', '#currency', '#num', 'late', 'fee', 'late_fee']);
    // the same concept from either language
    expect(tokenize('打给我妈妈')).toContain('@family');
    expect(tokenize('phoned my mother')).toContain('@family');
  });
});

describe('complaint classifier', () => {
  const model = ComplaintClassifier.train(loadLabelledSet());

  it.each([
    ['催收员每天打几十个电话还骂人', 'HARASSMENT'],
    ['你们给我父母打电话说我欠钱', 'THIRD_PARTY_CONTACT'],
    ['The agent rang my employer and told my boss about the debt', 'THIRD_PARTY_CONTACT'],
    ['I want you to delete my personal data', 'PRIVACY'],
    ['我已经还款了但是余额没有变化', 'WRONG_AMOUNT'],
    ['I lost my job and cannot afford the payments', 'HARDSHIP'],
    ['The late fee is far too high', 'FEES'],
    ['The app keeps crashing when I log in', 'OTHER'],
  ])('suggests the obvious category for %s', (text, category) => {
    const s = model.suggest(text);
    expect(s.category).toBe(category);
    expect(s.confidence).toBeGreaterThan(0.3);
    expect(s.alternatives.every((a) => a.probability <= s.confidence)).toBe(true);
  });

  it('says it does not know when no feature is known', () => {
    expect(model.suggest('Привет')).toEqual({ category: 'OTHER', confidence: 0, alternatives: [] });
  });

  it('is deterministic: the same data trains the same model', () => {
    const again = ComplaintClassifier.train(loadLabelledSet());
    for (const text of ['你们的人威胁我', 'wrong balance', 'fees fees fees']) expect(again.suggest(text)).toEqual(model.suggest(text));
  });
});

describe('complaint severity', () => {
  it('is critical on threats of violence or risk to life, whatever the category', () => {
    expect(assessSeverity('HARASSMENT', '他说要打断我的腿', 'AGENT_PHONE')).toEqual({ severity: 'CRITICAL', reasons: ['threat-of-violence'] });
    expect(assessSeverity('HARDSHIP', "I don't want to live like this anymore", 'DEBTOR_SELF_SERVICE')).toEqual({
      severity: 'CRITICAL',
      reasons: ['risk-to-life'],
    });
  });

  it('rates conduct high, money medium, other low; vulnerability and a regulator referral raise it', () => {
    expect(assessSeverity('PRIVACY', 'leaked my data', 'STAFF').severity).toBe('HIGH');
    expect(assessSeverity('FEES', 'late fee too high', 'STAFF').severity).toBe('MEDIUM');
    expect(assessSeverity('OTHER', 'app crashes', 'STAFF').severity).toBe('LOW');
    expect(assessSeverity('HARDSHIP', '我失业了', 'STAFF')).toEqual({ severity: 'HIGH', reasons: ['money-or-hardship-category', 'vulnerability'] });
    expect(assessSeverity('OTHER', 'app crashes', 'REGULATOR_REFERRAL').severity).toBe('MEDIUM');
    expect(assessSeverity('HARASSMENT', 'too many calls', 'REGULATOR_REFERRAL').severity).toBe('CRITICAL');
  });
});
