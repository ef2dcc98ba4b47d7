import { binomialUpperTail } from './tail-tests.ts';

/**
 * A rise in the negative share of a key's relevant mentions: the last 24 hours against the same 28-day,
 * 2-day-guarded baseline as volume, by a one-sided exact binomial test. A share needs mentions to mean
 * anything, so a finding also needs `minNegative` negative mentions and a rise of `minRise` (absolute).
 */
export interface ShareSettings {
  windowHours: number;
  alpha: number;
  alphaHigh: number;
  minNegative: number;
  minRise: number;
  /** Prior for the baseline share (a Beta(1, 1) pulled towards this many mentions at 1/3 negative). */
  priorMentions: number;
}

export const SHARE_DEFAULTS: ShareSettings = { windowHours: 24, alpha: 1e-3, alphaHigh: 1e-6, minNegative: 5, minRise: 0.15, priorMentions: 6 };

export interface ShareCounts {
  negative: number;
  total: number;
}

export interface ShareFinding {
  windowHours: number;
  negative: number;
  total: number;
  share: number;
  baselineShare: number;
  p: number;
  severity: 'medium' | 'high';
}

export function detectNegativeShare(window: ShareCounts, baseline: ShareCounts, s: ShareSettings = SHARE_DEFAULTS): ShareFinding | null {
  if (window.negative < s.minNegative || window.total === 0) return null;
  const baselineShare = (baseline.negative + s.priorMentions / 3) / (baseline.total + s.priorMentions);
  const share = window.negative / window.total;
  if (share - baselineShare < s.minRise) return null;
  const p = binomialUpperTail(window.negative, window.total, baselineShare);
  if (p >= s.alpha) return null;
  return { windowHours: s.windowHours, negative: window.negative, total: window.total, share, baselineShare, p, severity: p < s.alphaHigh ? 'high' : 'medium' };
}
