// `earshot bench alerts`: the volume detector's false alerts a year and how fast it finds bursts, simulated.
import { burstDetection, falseAlertsPerYear } from '../core/alerts/simulate.ts';

/**
 * Calibration of the volume detector: false alerts per simulated year of steady traffic at 1, 5 and 50 mentions a
 * day (weekday and time-of-day rhythm), and how 3×, 5× and 10× bursts of 6 hours are found (share found, share
 * found within 2 hours, median and 90th-percentile delay in hours from the burst's start). Deterministic.
 */
export function benchAlerts(years: number) {
  const result: Record<string, unknown> = { simulated_years: years };
  for (const perDay of [1, 5, 50]) {
    result[`false_alerts_per_year_at_${perDay}_a_day`] = falseAlertsPerYear(perDay, years, 1000 + perDay);
    for (const factor of [3, 5, 10]) {
      const b = burstDetection(perDay, factor, 6, Math.max(1, Math.round(years / 3)), 2000 + perDay * 10 + factor);
      result[`burst_${factor}x_6h_at_${perDay}_a_day`] = {
        bursts: b.bursts,
        found: round2(b.detected),
        found_within_2h: round2(b.within2h),
        median_delay_h: b.medianDelay,
        p90_delay_h: b.p90Delay,
      };
    }
  }
  return result;
}
const round2 = (x: number) => Math.round(x * 100) / 100;
