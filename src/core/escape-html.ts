// The one HTML escaper, for the HTML Earshot writes as strings: the weekly digest and alert e-mails (the dashboard
// is hono/jsx, which escapes on its own). Every piece of data goes through it on its way into text or an attribute.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/**
 * Text or an attribute value, escaped. Besides the five usual characters it encodes `=` and the backtick, so no
 * attribute-like text (`onerror=`) survives even where a mail client re-parses markup loosely. null → ''.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`=]/g, (c) => ENTITIES[c]!);
}
