import { describe, expect, it } from 'vitest';
import { jsonList, stringList } from '../../../db/schema/json-lists.ts';

describe('lists stored as JSON', () => {
  it.each([
    ['["contact_time","threat_legal"]', ['contact_time', 'threat_legal']],
    [['contact_time'], ['contact_time']], // what drizzle already decoded
    ['[]', []],
    [null, []],
    [undefined, []],
    ['', []],
    ['not json', []],
    ['{"a":1}', []],
    ['"contact_time"', []],
    ['["contact_time",3,null,{"x":1}]', ['contact_time']],
  ])('%j → %j', (stored, labels) => {
    expect(stringList(stored)).toEqual(labels);
  });

  it('keeps what is not a string in a list of anything (evidence)', () => {
    expect(jsonList('[{"label":"tactics"},2]')).toEqual([{ label: 'tactics' }, 2]);
    expect(jsonList('{"label":"tactics"}')).toEqual([]);
  });
});
