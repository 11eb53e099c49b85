import type { ComplaintCategory, ComplaintSeverity } from '@clearpath/contracts';

/**
 * Severity is a rule, not a model: it must be explainable to the debtor and the regulator, and the
 * worst cases (a threat of violence, a debtor talking about harming themselves) are rare enough that
 * a statistical model would learn them badly. Each rule names why it fired.
 */
const CRITICAL_SIGNALS: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string }> = [
  {
    pattern:
      /弄死|打断.{0,3}腿|砍死|杀了(你|我)|上门收拾|让你家人好看|后果自负|泼油漆|kill you|break your legs|hurt you|we know where you live|you'?ll regret it|burn your/i,
    reason: 'threat-of-violence',
  },
  { pattern: /自杀|跳楼|不想活|活不下去|轻生|suicid|kill myself|end my life|don'?t want to live|self[- ]harm/i, reason: 'risk-to-life' },
];

const VULNERABILITY = /住院|癌|重病|病危|残疾|失业|孕|抑郁|hospital|cancer|terminal|disab|unemployed|pregnan|depress|bereave|passed away|去世/i;

export interface SeverityAssessment {
  readonly severity: ComplaintSeverity;
  readonly reasons: readonly string[];
}

export function assessSeverity(category: ComplaintCategory, text: string, source: string): SeverityAssessment {
  const critical = CRITICAL_SIGNALS.filter((s) => s.pattern.test(text)).map((s) => s.reason);
  if (critical.length > 0) return { severity: 'CRITICAL', reasons: critical };
  const reasons: string[] = [];
  let severity: ComplaintSeverity;
  if (category === 'HARASSMENT' || category === 'THIRD_PARTY_CONTACT' || category === 'PRIVACY') {
    severity = 'HIGH';
    reasons.push('conduct-category');
  } else if (category === 'OTHER') {
    severity = 'LOW';
    reasons.push('other-category');
  } else {
    severity = 'MEDIUM';
    reasons.push('money-or-hardship-category');
  }
  if (VULNERABILITY.test(text) && severity !== 'HIGH') {
    severity = 'HIGH';
    reasons.push('vulnerability');
  }
  if (source === 'REGULATOR_REFERRAL') {
    severity = severity === 'LOW' ? 'MEDIUM' : severity === 'MEDIUM' ? 'HIGH' : 'CRITICAL';
    reasons.push('regulator-referral');
  }
  return { severity, reasons };
}
