import { applyValidated, type Checked } from './validated-batch';

type Answer = { readonly n: number; readonly status: 'applied' } | { readonly status: 'refused'; readonly why: string };

const evenOnly = (n: number): Checked<number, Answer> =>
  n % 2 === 0 ? { ok: true, value: n } : { ok: false, outcome: { status: 'refused', why: `${n} is odd` } };

describe('applyValidated', () => {
  it('applies the valid items in order, in one call, and answers every item in its own position', async () => {
    const apply = jest.fn(async (valid: number[]) => valid.map((n) => n * 10));
    const answers = await applyValidated([1, 2, 3, 4], evenOnly, apply, (n): Answer => ({ n, status: 'applied' }));
    expect(apply.mock.calls).toEqual([[[2, 4]]]);
    expect(answers).toEqual([
      { status: 'refused', why: '1 is odd' },
      { n: 20, status: 'applied' },
      { status: 'refused', why: '3 is odd' },
      { n: 40, status: 'applied' },
    ]);
  });

  it('does not call the use case when nothing is valid', async () => {
    const apply = jest.fn(async (valid: number[]) => valid);
    expect(await applyValidated([1, 3], evenOnly, apply, (n): Answer => ({ n, status: 'applied' }))).toEqual([
      { status: 'refused', why: '1 is odd' },
      { status: 'refused', why: '3 is odd' },
    ]);
    expect(apply).not.toHaveBeenCalled();
  });

  it('refuses a use case that answers a different number of results than it was given', async () => {
    await expect(
      applyValidated(
        [2, 4],
        evenOnly,
        async () => [1],
        (n): Answer => ({ n, status: 'applied' }),
      ),
    ).rejects.toThrow('use case answered 1 results for 2 records');
  });
});
