import fc from 'fast-check';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '@clearpath/contracts';
import { COMPLAINT_TRANSITIONS, checkTransition, isOpen } from './complaint-status.machine';

const ORDER: Record<ComplaintStatus, number> = { received: 0, acknowledged: 1, investigating: 2, resolved: 3, closed: 4, withdrawn: 5 };

describe('complaint status machine', () => {
  it('walks the happy path one step at a time', () => {
    const path: ComplaintStatus[] = ['received', 'acknowledged', 'investigating', 'resolved', 'closed'];
    for (let i = 1; i < path.length; i++) expect(checkTransition(path[i - 1], path[i])).toEqual({ ok: true });
  });

  it('refuses skipping a step, going back, and leaving a final state', () => {
    expect(checkTransition('received', 'resolved')).toEqual({
      ok: false,
      reason: 'a received complaint cannot become resolved (it can become acknowledged or withdrawn)',
    });
    expect(checkTransition('investigating', 'acknowledged').ok).toBe(false);
    expect(checkTransition('closed', 'received')).toEqual({ ok: false, reason: 'a closed complaint cannot become received (closed is final)' });
    expect(checkTransition('withdrawn', 'acknowledged').ok).toBe(false);
  });

  it('allows withdrawal from every open state and from no other', () => {
    for (const s of COMPLAINT_STATUSES) expect(checkTransition(s, 'withdrawn').ok).toBe(isOpen(s));
  });

  it('never moves backwards, and any run of requested transitions ends open only if it never left the open states', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMPLAINT_STATUSES), { maxLength: 30 }), (requests) => {
        let status: ComplaintStatus = 'received';
        let leftOpen = false;
        for (const to of requests) {
          if (!checkTransition(status, to).ok) continue;
          expect(to === 'withdrawn' || ORDER[to] === ORDER[status] + 1).toBe(true);
          expect(COMPLAINT_TRANSITIONS[status]).toContain(to);
          status = to;
          if (!isOpen(status)) leftOpen = true;
          if (leftOpen) expect(isOpen(status)).toBe(false);
        }
      }),
    );
  });
});
