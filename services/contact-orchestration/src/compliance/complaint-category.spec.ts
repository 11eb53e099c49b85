import { COMPLAINT_CATEGORIES, contactSuspensionFor } from '@clearpath/contracts';
import { guardComplaintCategory } from './complaint-category';

describe('complaint category', () => {
  it('names complaint categories as the guard rules do', () => {
    expect(COMPLAINT_CATEGORIES.map(guardComplaintCategory)).toEqual(['harassment', 'third-party-contact', 'privacy', 'other', 'other', 'other', 'other']);
    // The guard and complaints agree on which categories stop all contact.
    for (const c of COMPLAINT_CATEGORIES) expect(guardComplaintCategory(c) !== 'other').toBe(contactSuspensionFor(c) === 'ALL_CONTACT');
  });
});
