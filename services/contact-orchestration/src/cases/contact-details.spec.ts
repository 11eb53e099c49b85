import { DataSource } from 'typeorm';
import { type CustomerContactDetailsEventV2, type CustomerIdentityV1, systemClock } from '@clearpath/contracts';
import { PersonalDataVault, type SubjectKeys, parseMasterKeys } from '@clearpath/persistence';
import { aCustomerContactDetails, fakeSubjectKeys } from '@clearpath/testing';
import { LookupIndex } from '../personal-data/lookup-index';
import { CaseRepository } from './case.repository';
import { sealedContactDetails, type SealedContactDetails } from './sealed-contact-details';

/** Data keys of a few customers, as the vault hands them out; C-ERASED's key is gone. */
const someKeys = () => fakeSubjectKeys(['C-ERASED']);

const masterKeys = parseMasterKeys(`k1:${Buffer.alloc(32, 1).toString('base64')}`);
const index = new LookupIndex(masterKeys);
/** The identity the contact-details factory gives its debtor. */
const wang: CustomerIdentityV1 = { fullName: '王小明', phone: '+8613800138000', email: 'wang@example.com', address: { city: '郑州市', line1: '金水路 1 号' } };
const details = (customerId: string) => aCustomerContactDetails().forCustomer(customerId).forLoan('LN-1').occurredAt('2026-12-01T02:00:00Z');
const v1 = (customerId: string) => details(customerId).build();
/** A version 2 record of `customerId` whose identity was sealed for `sealedFor`. */
const v2 = (keys: SubjectKeys, customerId: string, sealedFor = customerId): CustomerContactDetailsEventV2 => {
  const sealed = details(sealedFor).buildSealed(keys);
  return { ...sealed, payload: { ...sealed.payload, customerId } };
};

describe('what contact-orchestration keeps of a customer-contacts record', () => {
  const keys = someKeys();

  it('seals a version 1 identity, keeping no plaintext, and indexes its phone number and e-mail address', () => {
    const row = sealedContactDetails(v1('C-1'), keys, index) as SealedContactDetails;
    expect(row.identity).toMatch(/^pd1\.1\./);
    expect(JSON.stringify(row)).not.toMatch(/王小明|13800138000|wang@example|金水路/);
    expect(JSON.parse(keys.open('C-1', row.identity)!)).toEqual(wang);
    expect(row.lookups).toEqual([index.digest('+8613800138000'), index.digest('wang@example.com')]);
    expect(row).toMatchObject({
      customerId: 'C-1',
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      jurisdiction: 'CN',
      loanId: 'LN-1',
      at: '2026-12-01T02:00:00.000Z',
    });
  });

  it('keeps a version 2 identity as it came, and refuses one that does not open for its customer', () => {
    const record = v2(keys, 'C-2');
    expect(sealedContactDetails(record, keys, index)).toMatchObject({
      identity: record.payload.identity,
      lookups: [index.digest('+8613800138000'), index.digest('wang@example.com')],
    });
    expect(sealedContactDetails(v2(keys, 'C-3', 'C-2'), keys, index)).toEqual({ kind: 'identity-does-not-open', customerId: 'C-3' });
  });

  it('keeps nothing of an erased customer, whichever version', () => {
    expect(sealedContactDetails(v1('C-ERASED'), keys, index)).toEqual({ kind: 'ignored-customer-erased' });
    expect(sealedContactDetails(v2(keys, 'C-ERASED', 'C-2'), keys, index)).toEqual({ kind: 'ignored-customer-erased' });
  });
});

describe('reading contact details back', () => {
  it('opens the sealed identity, reads a row from before sealing as it is, and leaves out the erased and what does not open', async () => {
    const keys = someKeys();
    const row = (customerId: string, identity: string | null, plain: Partial<Record<'full_name' | 'phone' | 'email', string>> = {}) => ({
      customer_id: customerId,
      identity,
      full_name: null,
      phone: null,
      email: null,
      address: null,
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      jurisdiction: 'CN',
      ...plain,
    });
    const rows = [
      row('C-1', keys.seal('C-1', JSON.stringify(wang))),
      row('C-LEGACY', null, { full_name: 'Ann', phone: '+447700900123' }),
      row('C-ERASED', null, { full_name: 'Bob', phone: '+447700900124' }),
      row('C-OTHER', keys.seal('C-1', JSON.stringify(wang))),
      row('C-EMPTY', null),
    ];
    // A data source that is never connected: the vault's keys and the manager's rows are the spec's.
    const dataSource = new DataSource({ type: 'postgres' });
    const vault = new PersonalDataVault(dataSource, masterKeys, systemClock);
    jest.spyOn(vault, 'forOpening').mockResolvedValue(keys);
    jest.spyOn(dataSource.manager, 'query').mockResolvedValue(rows);
    const read = await new CaseRepository(vault).contactDetails(
      dataSource.manager,
      rows.map((r) => r.customer_id),
    );
    expect([...read.keys()]).toEqual(['C-1', 'C-LEGACY']);
    expect(read.get('C-1')).toEqual({ customerId: 'C-1', ...wang, timezone: 'Asia/Shanghai', locale: 'zh-CN', jurisdiction: 'CN' });
    expect(read.get('C-LEGACY')).toMatchObject({ fullName: 'Ann', phone: '+447700900123', email: null, address: null });
  });
});
