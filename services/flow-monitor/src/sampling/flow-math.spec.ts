import fc from 'fast-check';
import { endOffset, groupLag, messageRate, retainedDepth, toOffsets } from './flow-math';

const parts = (...highs: number[]) => highs.map((high, partition) => ({ partition, low: 0, high }));

describe('message rate', () => {
  it('is the records written between two samples per second', () => {
    expect(messageRate({ at: 1_000, partitions: parts(10, 20) }, { at: 6_000, partitions: parts(35, 45) })).toBe(10);
    expect(messageRate({ at: 0, partitions: parts(0) }, { at: 3_000, partitions: parts(1) })).toBe(0.33);
  });

  it('is null without a previous sample or when time did not move', () => {
    expect(messageRate(undefined, { at: 1, partitions: parts(5) })).toBeNull();
    expect(messageRate({ at: 5, partitions: parts(1) }, { at: 5, partitions: parts(9) })).toBeNull();
  });

  it('never goes negative when a topic was re-created, and ignores partitions that were not there before', () => {
    expect(messageRate({ at: 0, partitions: parts(100, 100) }, { at: 1_000, partitions: parts(3, 110) })).toBe(10);
    expect(messageRate({ at: 0, partitions: parts(10) }, { at: 1_000, partitions: parts(10, 50) })).toBe(0);
  });

  it('equals the growth of the end offset per second whenever every partition only grows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1e9), fc.nat(1e6)), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 600_000 }), (ps, ms) => {
        const before = ps.map(([h], partition) => ({ partition, low: 0, high: h }));
        const after = ps.map(([h, d], partition) => ({ partition, low: 0, high: h + d }));
        const expected = (endOffset(after) - endOffset(before)) / (ms / 1000);
        expect(messageRate({ at: 0, partitions: before }, { at: ms, partitions: after })).toBeCloseTo(expected, 1);
      }),
    );
  });
});

describe('group lag', () => {
  const ends = [
    { partition: 0, low: 0, high: 100 },
    { partition: 1, low: 40, high: 50 },
    { partition: 2, low: 7, high: 7 },
  ];

  it('sums the records between the committed offsets and the ends', () => {
    expect(
      groupLag(ends, [
        { partition: 0, offset: '90' },
        { partition: 1, offset: '50' },
        { partition: 2, offset: '7' },
      ]),
    ).toEqual({ lag: 10, uncommittedPartitions: 0 });
  });

  it('counts everything retained on a partition the group never committed', () => {
    expect(
      groupLag(ends, [
        { partition: 0, offset: '-1' },
        { partition: 1, offset: '45' },
      ]),
    ).toEqual({ lag: 105, uncommittedPartitions: 2 });
  });

  it('counts only what is still retained when the group fell behind retention', () => {
    expect(groupLag([{ partition: 0, low: 40, high: 50 }], [{ partition: 0, offset: '10' }]).lag).toBe(10);
  });

  it('is never negative and never more than what is retained', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1e6), fc.nat(1e6), fc.integer({ min: -1, max: 3e6 })), { maxLength: 8 }), (ps) => {
        const e = ps.map(([low, n], partition) => ({ partition, low, high: low + n }));
        const c = ps.map(([, , o], partition) => ({ partition, offset: String(o) }));
        const { lag } = groupLag(e, c);
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThanOrEqual(retainedDepth(e));
      }),
    );
  });
});

it('reads kafkajs offsets (strings) in partition order', () => {
  expect(
    toOffsets([
      { partition: 1, low: '3', high: '9' },
      { partition: 0, low: '0', high: '12' },
    ]),
  ).toEqual([
    { partition: 0, low: 0, high: 12 },
    { partition: 1, low: 3, high: 9 },
  ]);
  expect(retainedDepth(toOffsets([{ partition: 0, low: '3', high: '9' }]))).toBe(6);
});
