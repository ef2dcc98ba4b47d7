// The creditor report covers calendar months in UTC ("2026-11"), as invoices and portfolio reports do.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface Month {
  year: number;
  /** 1–12. */
  month: number;
}

export function parseMonth(text: string): Month | null {
  const m = MONTH.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

export const formatMonth = (m: Month): string => `${m.year}-${String(m.month).padStart(2, '0')}`;

/** The month's first and last millisecond (UTC). */
export function monthPeriod(m: Month): { from: number; to: number } {
  return { from: Date.UTC(m.year, m.month - 1, 1), to: Date.UTC(m.year, m.month, 1) - 1 };
}

export const monthOf = (at: number): Month => {
  const d = new Date(at);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
};

export const previousMonth = (m: Month): Month => (m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 });

/** "November 2026". */
export const monthName = (m: Month): string => new Date(Date.UTC(m.year, m.month - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
