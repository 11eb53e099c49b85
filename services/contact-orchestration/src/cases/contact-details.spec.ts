import type { EntityManager } from 'typeorm';
import { newEnvelope, type CustomerContactDetailsEventV1, type CustomerContactDetailsEventV2, type CustomerIdentityV1 } from '@clearpath/contracts';
import { parseMasterKeys, type PersonalDataVault } from '@clearpath/persistence';
import { fakeSubjectKeys } from '@clearpath/testing';
import { LookupIndex } from '../personal-data/lookup-index';
import { CaseRepository } from './case.repository';
import { sealedContactDetails, type SealedContactDetails } from './sealed-contact-details';

/** Data keys of a few customers, as the vault hands them out; C-ERASED's key is gone. */
const someKeys = () => fakeSubjectKeys(['C-ERASED']);

const index = new LookupIndex(parseMasterKeys(`k1:${Buffer.alloc(32, 1).toString('base64')}`));
const wang: CustomerIdentityV1 = { fullName: '王小明', phone: '+8613800138000', email: 'wang@example.com', address: { city: '郑州市', line1: '金水路 1 号' } };
const meta = { schemaVersion: 1, occurredAt: new Date('2026-12-01T02:00:00Z'), correlationId: 'c', causationId: null };
const where = { timezone: 'Asia/Shanghai', locale: 'zh-CN' as const, jurisdiction: 'CN' as const, loanId: 'LN-1' };
const v1 = (customerId: string): CustomerContactDetailsEventV1 => newEnvelope({ ...meta, eventType: 'CustomerContactDetails', payload: { customerId, ...wang, ...where } });
const v2 = (customerId: string, identity: string): CustomerContactDetailsEventV2 => newEnvelope({ ...meta, schemaVersion: 2, eventType: 'CustomerContactDetails', payload: { customerId, identity, ...where } });

describe('what contact-orchestration keeps of a customer-contacts record', () => {
  const keys = someKeys();

  it('seals a version 1 identity, keeping no plaintext, and indexes its phone number and e-mail address', () => {
    const row = sealedContactDetails(v1('C-1'), keys, index) as SealedContactDetails;
    expect(row.identity).toMatch(/^pd1\.1\./);
    expect(JSON.stringify(row)).not.toMatch(/王小明|13800138000|wang@example|金水路/);
    expect(JSON.parse(keys.open('C-1', row.identity)!)).toEqual(wang);
    expect(row.lookups).toEqual([index.digest('+8613800138000'), index.digest('wang@example.com')]);
    expect(row).toMatchObject({ customerId: 'C-1', timezone: 'Asia/Shanghai', locale: 'zh-CN', jurisdiction: 'CN', loanId: 'LN-1', at: '2026-12-01T02:00:00.000Z' });
  });

  it('keeps a version 2 identity as it came, and dead-letters one that does not open for its customer', () => {
    const sealed = keys.seal('C-2', JSON.stringify(wang))!;
    expect(sealedContactDetails(v2('C-2', sealed), keys, index)).toMatchObject({ identity: sealed, lookups: [index.digest('+8613800138000'), index.digest('wang@example.com')] });
    expect(sealedContactDetails(v2('C-3', sealed), keys, index)).toMatchObject({ status: 'dead-letter', reason: 'identity-does-not-open' });
  });

  it('keeps nothing of an erased customer, whichever version', () => {
    expect(sealedContactDetails(v1('C-ERASED'), keys, index)).toEqual({ status: 'skipped', reason: 'customer-erased' });
    expect(sealedContactDetails(v2('C-ERASED', keys.seal('C-2', '{}')!), keys, index)).toEqual({ status: 'skipped', reason: 'customer-erased' });
  });
});

describe('reading contact details back', () => {
  it('opens the sealed identity, reads a row from before sealing as it is, and leaves out the erased and what does not open', async () => {
    const keys = someKeys();
    const row = (customerId: string, identity: string | null, plain: Partial<Record<'full_name' | 'phone' | 'email', string>> = {}) => ({
      customer_id: customerId, identity, full_name: null, phone: null, email: null, address: null, timezone: 'Asia/Shanghai', locale: 'zh-CN', jurisdiction: 'CN', ...plain,
    });
    const rows = [
      row('C-1', keys.seal('C-1', JSON.stringify(wang))),
      row('C-LEGACY', null, { full_name: 'Ann', phone: '+447700900123' }),
      row('C-ERASED', null, { full_name: 'Bob', phone: '+447700900124' }),
      row('C-OTHER', keys.seal('C-1', JSON.stringify(wang))),
      row('C-EMPTY', null),
    ];
    const vault = { forOpening: async () => keys } as unknown as PersonalDataVault;
    const m = { query: async () => rows } as unknown as EntityManager;
    const details = await new CaseRepository(vault).contactDetails(m, rows.map((r) => r.customer_id));
    expect([...details.keys()]).toEqual(['C-1', 'C-LEGACY']);
    expect(details.get('C-1')).toEqual({ customerId: 'C-1', ...wang, timezone: 'Asia/Shanghai', locale: 'zh-CN', jurisdiction: 'CN' });
    expect(details.get('C-LEGACY')).toMatchObject({ fullName: 'Ann', phone: '+447700900123', email: null, address: null });
  });
});
