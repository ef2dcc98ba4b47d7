import { describe, expect, it } from 'vitest';
import { multiLabel, singleLabel } from '../../../src/core/eval/metrics.ts';

describe('eval metrics', () => {
  it('single-label accuracy, macro-F1 and confusion, computed by hand', () => {
    // gold: a a b b ; predicted: a b b b → a: P 1, R .5, F1 .667; b: P .667, R 1, F1 .8 → macro .733
    const r = singleLabel([
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['b', 'b'],
    ]);
    expect(r.accuracy).toBe(0.75);
    expect(r.perLabel.a).toEqual({ precision: 1, recall: 0.5, f1: 0.667, support: 2 });
    expect(r.perLabel.b).toEqual({ precision: 0.667, recall: 1, f1: 0.8, support: 2 });
    expect(r.macroF1).toBe(0.733);
    expect(r.confusion).toEqual({ a: { a: 1, b: 1 }, b: { b: 2 } });
  });

  it('multi-label micro scores count every (item, label) decision', () => {
    // tp: x(1), y(1); fp: z(1); fn: y(1) → P 2/3, R 2/3
    const r = multiLabel(
      [
        [
          ['x', 'y'],
          ['x', 'y', 'z'],
        ],
        [['y'], []],
        [[], []],
      ],
      ['x', 'y', 'z'],
    );
    expect(r.microPrecision).toBe(0.667);
    expect(r.microRecall).toBe(0.667);
    expect(r.microF1).toBe(0.667);
    expect(r.perLabel.z).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});
