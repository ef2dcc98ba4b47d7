import { SEVERITIES, type Severity } from '../../../db/schema/constants.ts';

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
export const maxSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);
/** One step up, capped at critical. */
export const raiseSeverity = (s: Severity): Severity => SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(s) + 1)]!;
