import { expectedRecovery } from './task-priority';

describe('task priority', () => {
  it('ranks by expected recovery in exact decimals', () => {
    expect(expectedRecovery('0.2500', '1000.00')).toBe('750.0000');
    expect(expectedRecovery('0.1234', '1712.35')).toBe('1501.0460');
    expect(expectedRecovery(null, '10.01')).toBe('5.0050');
    expect(expectedRecovery('1.0000', '99.99')).toBe('0.0000');
  });
});
