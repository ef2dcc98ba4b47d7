// `earshot erase --case REF | --author AUTHOR`: a person's data erased on their request.
import { eraseAuthorByName, eraseCaseByRef } from '../core/cases/erase.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { command, UsageError } from './command.ts';

export const eraseCommand = command({
  name: 'erase',
  usage: '--case REF | --author AUTHOR',
  summary:
    "Erase a person's data on request: a case (identifiers, links, actions, the case) or an author by the handle, name " +
    'or e-mail they write under, letter case aside (hashed identifiers on every case, links, stored mentions, alert ' +
    'notes on them); prints counts',
  options: {
    case: { type: 'string', value: 'REF', help: 'the case reference' },
    author: { type: 'string', value: 'AUTHOR', help: 'the handle, name or e-mail the person writes under' },
  },
  async run({ values }) {
    if (!values.case === !values.author) throw new UsageError('give one of --case or --author');
    const { deps, client } = await nodeDeps();
    try {
      const erased = values.case ? await eraseCaseByRef(deps, values.case, null) : await eraseAuthorByName(deps, values.author!, null);
      console.log(
        `erased: ${Object.entries(erased)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')} (recorded in the audit log)`,
      );
    } finally {
      client.close();
    }
  },
});
