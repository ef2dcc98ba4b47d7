// Lists stored as JSON text: the analyser's labels (tactics, channels, vulnerability, escalation), cited case
// references, alert reasons, evidence. Drizzle decodes them in its own selects; raw SQL hands back the text. One
// decoder for both, forgiving: a missing, malformed or non-array value reads as an empty list, so one bad row
// never breaks a page, a digest or an alert run.

/** A JSON array as stored: text from raw SQL, or the array drizzle already decoded. */
export function jsonList(stored: unknown): unknown[] {
  if (Array.isArray(stored)) return stored;
  if (typeof stored !== 'string') return [];
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** A list of labels (or other words) as stored; whatever in it is not a string is left out. */
export function stringList(stored: unknown): string[] {
  return jsonList(stored).filter((x): x is string => typeof x === 'string');
}
