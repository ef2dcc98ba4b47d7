// A rule's settings, in words and as a form: alert rules and next-step rules alike (their fields come from each
// kind's zod schema, see ../lib/rule-form.ts).
import { nameOf } from '../../src/core/labels.ts';
import { humanize } from '../lib/format.ts';
import { FIELD_LABELS, type RuleField } from '../lib/rule-form.ts';

/** A rule's settings in words, for the table. */
export function settingsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const label = FIELD_LABELS[k] ?? k;
      if (Array.isArray(v)) return `${label}: ${v.map((x) => humanize(String(x))).join(', ') || 'none'}`;
      if (v && typeof v === 'object')
        return `${label}: ${
          Object.entries(v)
            .map(([kind, n]) => `${humanize(kind)} ${String(n)}`)
            .join(', ') || 'none'
        }`;
      return `${label}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`;
    })
    .join('; ');
}

/** A rule's settings as a form, its fields read from the kind's schema; `id` keeps the control ids of two rules apart. */
export function RuleSettingsForm({
  id,
  action,
  fields,
  params,
  csrfToken,
}: {
  id: string;
  action: string;
  fields: RuleField[];
  params: Record<string, unknown>;
  csrfToken: string;
}) {
  if (fields.length === 0) return null;
  return (
    <details>
      <summary>Change settings</summary>
      <form method="post" action={action} class="stack rule-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        {fields.map((f) => {
          const value = params[f.name];
          if (f.type === 'number') {
            return (
              <div>
                <label for={`${id}-${f.name}`}>{FIELD_LABELS[f.name] ?? f.name}</label>
                <input id={`${id}-${f.name}`} name={f.name} type="number" step={f.step} min="0" value={String(value ?? '')} required />
              </div>
            );
          }
          if (f.type === 'boolean') {
            return (
              <label class="checkbox">
                <input type="checkbox" name={f.name} value="on" checked={value === true} /> {FIELD_LABELS[f.name] ?? f.name}
              </label>
            );
          }
          if (f.type === 'choices') {
            const chosen = new Set((value as string[] | undefined) ?? []);
            return (
              <fieldset>
                <legend>{FIELD_LABELS[f.name] ?? f.name}</legend>
                {f.options.map((o) => (
                  <label class="checkbox">
                    <input type="checkbox" name={f.name} value={o} checked={chosen.has(o)} /> {f.name === 'tactics' ? nameOf('tactic', o) : humanize(o)}
                  </label>
                ))}
              </fieldset>
            );
          }
          const map = (value as Record<string, number> | undefined) ?? {};
          return (
            <fieldset>
              <legend>{FIELD_LABELS[f.name] ?? f.name} (blank: not for that kind)</legend>
              <div class="kind-grid">
                {f.kinds.map((k) => (
                  <label>
                    {humanize(k)} <input name={`${f.name}.${k}`} type="number" min="1" step="1" value={map[k] === undefined ? '' : String(map[k])} />
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div>
          <button type="submit" class="small">
            Save settings
          </button>
        </div>
      </form>
    </details>
  );
}
