// The outcome of "Test this source": what the source answered and how each item would be analysed, nothing stored.
import type { Preview } from '../../src/sources/preview.ts';
import { Chips, SentimentBadge } from './badges.tsx';
import { excerpt, formatCount, languageName } from '../lib/format.ts';

export function PreviewResult({ preview }: { preview: Preview }) {
  if (!preview.ok) {
    return (
      <section class="card preview" aria-labelledby="preview-heading" data-testid="preview">
        <h2 id="preview-heading">Test result</h2>
        <p class="error" role="alert">
          The test did not work: {preview.error}. <span class="mono">({preview.code})</span>
        </p>
      </section>
    );
  }
  return (
    <section class="card preview" aria-labelledby="preview-heading" data-testid="preview">
      <h2 id="preview-heading">Test result</h2>
      <p role="status">
        {preview.total === 0
          ? 'The source answered, but had no items right now.'
          : `The source answered with ${formatCount(preview.total)} item${preview.total === 1 ? '' : 's'}${preview.items.length < preview.total ? `; the first ${preview.items.length} are shown` : ''}. Nothing has been stored.`}
        {preview.skipped ? ` ${formatCount(preview.skipped)} item${preview.skipped === 1 ? '' : 's'} could not be read and would be skipped.` : ''}
      </p>
      {preview.items.length ? (
        <div class="table-wrap">
          <table class="preview-items">
            <thead>
              <tr>
                <th scope="col">Title and text</th>
                <th scope="col">Language</th>
                <th scope="col">About collection</th>
                <th scope="col">Sentiment</th>
                <th scope="col">Tactics</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => (
                <tr data-testid="preview-row">
                  <td>
                    {item.title ? <strong class="preview-title">{excerpt(item.title, 120)}</strong> : null}
                    {item.text && item.text.trim() !== item.title?.trim() ? <span class="sub">{excerpt(item.text, 160)}</span> : null}
                  </td>
                  <td>
                    <abbr class="lang" title={languageName(item.language)}>
                      {item.language}
                    </abbr>
                  </td>
                  <td>{item.relevant ? 'yes' : 'no'}</td>
                  <td>
                    <SentimentBadge label={item.sentiment} />
                  </td>
                  <td>{item.tactics.length ? <Chips items={item.tactics} /> : <span class="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
