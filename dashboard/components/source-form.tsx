import { defaultText, inputName, type FieldSpec, type FieldValues } from '../lib/source-form.ts';

export interface SettingsFieldsProps {
  fields: readonly FieldSpec[];
  /** The text as entered last time; null for a fresh form, where defaults apply. */
  values: FieldValues | null;
}

const idFor = (f: FieldSpec) => (f.name === '' ? 'cfg' : `cfg-${f.name}`);

/** The line under a field: its key (error messages name it), its default, how to type it. */
function Hint({ f, reenter }: { f: FieldSpec; reenter: boolean }) {
  const def = defaultText(f);
  return (
    <p class="hint" id={`${idFor(f)}-hint`}>
      {f.name ? <code>{f.name}</code> : null}
      {f.kind === 'list' ? <span> One per line, or separated by commas.</span> : null}
      {f.kind === 'json' ? <span> As JSON.</span> : null}
      {def && f.kind !== 'checkbox' ? <span> Default: {def}.</span> : null}
      {f.secret ? <span> Stored encrypted and never shown again.</span> : null}
      {/* Credentials are not stored before the source is, so they cannot be kept across a test: the form asks again. */}
      {f.secret && reenter ? <strong class="reenter"> Enter it again: it is not sent back to your browser.</strong> : null}
    </p>
  );
}

function Control({ f, value }: { f: FieldSpec; value: string | undefined }) {
  const id = idFor(f);
  const common = { id, name: inputName(f.name), 'aria-describedby': `${id}-hint` };
  const fresh = value === undefined;
  switch (f.kind) {
    case 'password':
      // Never a value attribute: a credential is never sent to the browser.
      return <input {...common} type="password" autocomplete="new-password" required={f.required} />;
    case 'number':
      return <input {...common} type="number" step="any" autocomplete="off" value={value ?? ''} placeholder={defaultText(f) || undefined} required={f.required} />;
    case 'select':
      return (
        <select {...common} required={f.required}>
          {f.required ? null : <option value="">(none)</option>}
          {(f.options ?? []).map((o) => (
            <option value={o} selected={fresh ? o === f.defaultValue : o === value}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'list':
      return (
        <textarea {...common} rows={3} required={f.required}>
          {value ?? ''}
        </textarea>
      );
    case 'json':
      return (
        <textarea {...common} class="mono" rows={4} placeholder="{}" required={f.required}>
          {f.secret ? '' : (value ?? '')}
        </textarea>
      );
    default:
      // Not personal data: keeps the browser from offering the admin's saved logins here.
      return <input {...common} type="text" autocomplete="off" value={value ?? ''} placeholder={defaultText(f) || undefined} required={f.required} />;
  }
}

/**
 * The settings of one kind of source, one control per schema field. Every untrusted value is a JSX attribute
 * or child, so it is escaped; credentials are never written into the page.
 */
export function SettingsFields({ fields, values }: SettingsFieldsProps) {
  if (fields.length === 0) return <p class="muted">This kind of source has no settings.</p>;
  const reenter = values !== null;
  return (
    <div class="settings-fields">
      {fields.map((f) => {
        const value = values === null ? undefined : (values[f.name] ?? '');
        if (f.kind === 'checkbox') {
          const checked = values === null ? f.defaultValue === true : value === 'on';
          return (
            <div class="field" data-field={f.name}>
              <label class="checkbox" for={idFor(f)}>
                <input id={idFor(f)} name={inputName(f.name)} type="checkbox" value="on" checked={checked} aria-describedby={`${idFor(f)}-hint`} />
                {f.label}
              </label>
              <Hint f={f} reenter={false} />
            </div>
          );
        }
        return (
          <div class="field" data-field={f.name}>
            <label for={idFor(f)}>
              {f.label}
              {f.required ? null : <span class="optional"> (optional)</span>}
            </label>
            <Control f={f} value={f.secret ? undefined : value} />
            <Hint f={f} reenter={reenter} />
          </div>
        );
      })}
    </div>
  );
}
