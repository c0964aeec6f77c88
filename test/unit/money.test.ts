import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/confirm/describe.js';
import { usd } from '../../src/confirm/rates.js';

describe('money in text', () => {
  it('is shown to the cent, with thousands separators', () => {
    expect(usd(84.1933)).toBe('$84.19');
    expect(usd(0.45)).toBe('$0.45');
    expect(usd(0.755)).toBe('$0.76');
    expect(usd(5)).toBe('$5.00');
    expect(usd(2515.8)).toBe('$2,515.80');
    expect(usd(0)).toBe('$0.00');
    expect(usd(-1.5)).toBe('-$1.50');
  });

  it('keeps two significant digits for an amount under a cent, so it never reads as free', () => {
    expect(usd(0.0042)).toBe('$0.0042');
    expect(usd(0.004999)).toBe('$0.005');
    expect(usd(0.00012345)).toBe('$0.00012');
  });

  it("a preview's target line shows the API's rates through the same formatter", () => {
    const line = describeTarget({ name: 'box', usageRate: 0.7583, storageRate: 5 });
    expect(line).toBe('"box" (usage rate $0.76/h; storage rate $5.00/month)');
    expect(describeTarget({ name: 'box', usageRate: '1.23456' })).toContain('usage rate $1.23/h');
    // Anything that is not an amount stays API text, escaped.
    expect(describeTarget({ name: 'box', usageRate: 'n/a\n' })).toContain('usage rate $n/a\\n/h');
  });
});
