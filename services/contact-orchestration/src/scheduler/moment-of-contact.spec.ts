import type { PersonalDataVault } from '@clearpath/persistence';
import { newCase, type CaseRecord } from '../cases/case-record';
import type { CaseRepository, ContactDetails } from '../cases/case.repository';
import type { Channel } from '../compliance/channel';
import { ContactPolicy } from '../config/contact-policy';
import { MomentOfContact, THIRD_PARTY_STEP, THIRD_PARTY_TEMPLATE, type ContactFacts, type PendingAttempt } from './moment-of-contact';
import { TEST_CONTACT_SETTINGS } from '../../test/contact-settings.fixture';

// Only judge is called: it works on the facts it is given.
const moment = new MomentOfContact({} as CaseRepository, ContactPolicy.load(TEST_CONTACT_SETTINGS), {} as PersonalDataVault);
const now = new Date('2026-12-01T02:00:00Z'); // 10:00 Shanghai, a Tuesday

const record: CaseRecord = {
  ...newCase('LN-1', 'C-1', now),
  treatmentId: 'firm-field',
  treatmentVersion: 1,
  treatmentTone: 'firm',
  segmentedAt: '2026-11-30T02:00:00.000Z',
  daysPastDue: 17,
  dpdBucket: 'M1',
  overdueAmount: '1712.35',
  currency: 'CNY',
  jurisdiction: 'CN',
  dueDate: '2026-11-14',
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  probabilityOfDefault: '0.3000',
};
const contact: ContactDetails = {
  customerId: 'C-1',
  fullName: '王小明',
  phone: '+8613800138000',
  email: 'wang@example.com',
  address: { city: '郑州市', line1: '金水路 1 号' },
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  jurisdiction: 'CN',
};

const TEMPLATES: Record<Channel, string> = {
  SMS: 'firm-sms',
  EMAIL: 'firm-email',
  IM: 'standard-im',
  LETTER: 'firm-letter',
  VOICE: 'firm-voice',
  FIELD_VISIT: 'firm-field-visit',
};
const attempt = (channel: Channel, thirdParty = false): PendingAttempt => ({
  id: '00000000-0000-4000-8000-000000000001',
  loan_id: 'LN-1',
  customer_id: 'C-1',
  treatment_id: 'firm-field',
  channel,
  template_id: thirdParty ? THIRD_PARTY_TEMPLATE : TEMPLATES[channel],
  template_version: null,
  step_id: thirdParty ? `${THIRD_PARTY_STEP}-tp-1` : `${channel.toLowerCase()}-1`,
  planned_overdue: '1712.35',
  third_party_id: thirdParty ? 'tp-1' : null,
});
const facts = (details: Map<string, ContactDetails>): ContactFacts => ({
  records: new Map([['LN-1', record]]),
  details,
  persons: new Map(),
  loanComplaints: new Map(),
  history: new Map(),
  thirdParties: new Map([['tp-1', { phone: '+8613900139000', due: true }]]),
});

/**
 * Every way a person is reached — the dispatcher handing messages to providers, queueing calls
 * and visits, a third party asked, an agent's lease and dial, a field visit started — asks
 * `judge`. A customer whose details are absent (never arrived, erased, or their key gone so the
 * identity does not open: CaseRepository.contactDetails leaves them out) is never contacted.
 */
describe('the moment of contact without the debtor’s details', () => {
  it.each<[string, PendingAttempt]>([
    ['an SMS', attempt('SMS')],
    ['an e-mail', attempt('EMAIL')],
    ['an IM', attempt('IM')],
    ['a letter', attempt('LETTER')],
    ['a call (queue and dial)', attempt('VOICE')],
    ['a field visit (queue and start)', attempt('FIELD_VISIT')],
    ['a third party asked', attempt('SMS', true)],
  ])('waits on %s: nothing rendered, nothing decided', (_what, a) => {
    expect(moment.judge(a, facts(new Map()), now)).toEqual({ kind: 'waiting' });
    // The same attempt with the details is judged (so the wait is theirs alone).
    expect(moment.judge(a, facts(new Map([['C-1', contact]])), now).kind).not.toBe('waiting');
  });
});
