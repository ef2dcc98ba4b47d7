import { describe, expect, it } from 'vitest';
import { MAX_RECENT, OverlapWindow } from '../../../src/sources/overlap-window.ts';

const OVERLAP = 10;

describe('OverlapWindow', () => {
  it('a first poll has no window to re-read, and leaves no state when it meets nothing', () => {
    const w = new OverlapWindow(null, OVERLAP);
    expect(w.from).toBeNull();
    expect(w.oldest()).toBeNull();
    expect(w.next()).toBeNull();
  });

  it('a first poll remembers what it met near the top', () => {
    const w = new OverlapWindow(null, OVERLAP);
    expect(w.meet('a', 100)).toBe(true);
    expect(w.meet('b', 95)).toBe(true);
    expect(w.meet('c', 80)).toBe(true);
    expect(w.oldest()).toBe(80);
    expect(w.next()).toEqual({ newest: 100, recent: { a: 100, b: 95 } });
  });

  it('re-reads `overlap` below the newest item seen, and delivers nothing twice', () => {
    const w = new OverlapWindow({ newest: 100, recent: { a: 100, b: 95 } }, OVERLAP);
    expect(w.from).toBe(90);
    expect(w.meet('b', 95)).toBe(false); // remembered from the last poll
    expect(w.meet('late', 92)).toBe(true); // indexed late: older than the newest, but new
    expect(w.meet('late', 92)).toBe(false); // met again on a later page of this poll
    expect(w.read).toEqual(
      new Map([
        ['b', 95],
        ['late', 92],
      ]),
    );
  });

  it('keeps the state when a poll meets nothing, and only moves `newest` up', () => {
    const previous = { newest: 100, recent: { a: 100 } };
    expect(new OverlapWindow(previous, OVERLAP).next()).toEqual(previous);
    const w = new OverlapWindow(previous, OVERLAP);
    w.meet('old', 60);
    expect(w.next()).toEqual({ newest: 100, recent: { a: 100 } });
  });

  it('forgets what fell out of the overlap, unless asked to keep it', () => {
    const w = new OverlapWindow({ newest: 100, recent: { a: 100, b: 95 } }, OVERLAP);
    w.meet('c', 120);
    w.meet('d', 50);
    expect(w.next()).toEqual({ newest: 120, recent: { c: 120 } });
    expect(w.next((t) => t <= 50)).toEqual({ newest: 120, recent: { c: 120, d: 50 } });
  });

  it('remembers the newest MAX_RECENT items at most, newest first', () => {
    const w = new OverlapWindow(null, 10 * MAX_RECENT);
    for (let i = 0; i < MAX_RECENT + 5; i++) w.meet(`id${i}`, i);
    const next = w.next()!;
    expect(Object.keys(next.recent)).toHaveLength(MAX_RECENT);
    expect(Object.keys(next.recent)[0]).toBe(`id${MAX_RECENT + 4}`);
    expect(next.recent.id4).toBeUndefined();
    expect(next.recent.id5).toBe(5);
  });
});
