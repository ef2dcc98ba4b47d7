// The two steps of adding a source: choosing its kind, then its name, brand, address, interval and settings.
import { DEFAULT_INTERVAL_MINUTES, type FieldSpec, type KindChoice, type SourceFormValues } from '../lib/source-form.ts';
import { SettingsFields } from './source-form.tsx';
import { Problems } from './notices.tsx';

/** Step 1: what kind of source it is. */
export function ChooseKind({ choices, problems }: { choices: KindChoice[]; problems: string[] }) {
  return (
    <>
      <p class="muted">Step 1 of 2: what kind of source is it?</p>
      <Problems problems={problems} lead="Please choose again:" />
      <ul class="card kind-choices" data-testid="kind-choices">
        {choices.map((c) => (
          <li>
            <a class="button secondary" href={`/sources/new?kind=${c.kind}`}>
              {c.title}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/sources">Cancel</a>
      </p>
    </>
  );
}

/** Step 2: the source's details, posted to add it or to test it first. */
export function SourceDetailsForm({
  csrfToken,
  choice,
  fields,
  needsUrl,
  polled,
  values,
}: {
  csrfToken: string;
  choice: KindChoice;
  fields: FieldSpec[];
  needsUrl: boolean;
  polled: boolean;
  values: SourceFormValues | null;
}) {
  return (
    <form class="card source-form" method="post" action="/sources" data-testid="source-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="kind" value={choice.kind} />
      <div class="field">
        <label for="name">Name</label>
        <input id="name" name="name" type="text" autocomplete="off" required={!needsUrl} maxlength={100} value={values?.name ?? ''} aria-describedby="name-hint" />
        <p class="hint" id="name-hint">
          How the dashboard and alerts name it; must be unique.{needsUrl ? ' Left empty, it is the address’s host (forum.example.com).' : ''}
        </p>
      </div>
      <div class="field">
        <label for="brand">Brand (optional)</label>
        <input id="brand" name="brand" type="text" autocomplete="off" maxlength={80} value={values?.brand ?? ''} aria-describedby="brand-hint" />
        <p class="hint" id="brand-hint">
          Which of your brands it watches, when you have several; alerts judge each brand apart.
        </p>
      </div>
      {needsUrl ? (
        <div class="field">
          <label for="url">Address (URL)</label>
          <input id="url" name="url" type="url" required maxlength={2000} value={values?.url ?? ''} placeholder="https://" aria-describedby="url-hint" />
          <p class="hint" id="url-hint">
            <code>url</code> The address Earshot fetches, starting with https:// or http://.
          </p>
        </div>
      ) : null}
      {polled ? (
        <div class="field">
          <label for="interval">Poll every (minutes)</label>
          <input
            id="interval"
            name="interval"
            type="number"
            min={1}
            max={1440}
            step={1}
            value={values?.interval ?? ''}
            placeholder={String(DEFAULT_INTERVAL_MINUTES)}
            aria-describedby="interval-hint"
          />
          <p class="hint" id="interval-hint">
            From 1 to 1440. Default: {DEFAULT_INTERVAL_MINUTES}. A source that fails is retried less often until it works again.
          </p>
        </div>
      ) : null}
      <fieldset class="settings">
        <legend>Settings</legend>
        <SettingsFields fields={fields} values={values?.settings ?? null} />
      </fieldset>
      <div class="form-actions">
        {/* The test needs no name, so the browser's required-field checks are skipped for it. */}
        {polled ? (
          <button type="submit" class="secondary" formaction="/sources/test" formnovalidate>
            Test this source
          </button>
        ) : null}
        <button type="submit">Add source</button>
        <a href="/sources">Cancel</a>
      </div>
      {polled ? <p class="hint">Testing fetches the source once and shows what would be stored, without storing anything.</p> : null}
    </form>
  );
}
