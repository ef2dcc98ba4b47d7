// `earshot user …` and `earshot token …`: people's accounts and their API tokens. Whoever can run the CLI acts as
// the system (the audit log records no acting user), so it calls the core account functions, not the actions,
// which exist to check a person's role.
import { findUserByEmail, listAccounts, listTokens } from '../../db/queries/users.ts';
import { ROLES, type Role } from '../../db/schema/constants.ts';
import { createApiToken, createUser } from '../core/auth/accounts.ts';
import { changeUser, revokeApiToken } from '../core/auth/manage-users.ts';
import type { Deps } from '../core/deps.ts';
import { AppError } from '../core/errors.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { command, type Family, UsageError } from './command.ts';
import { readStdinLines } from './read-stdin.ts';

const email = { type: 'string', value: 'EMAIL', required: true, help: "the user's e-mail address" } as const;

/** Runs `work` with the database open, and closes it after. */
async function withDeps(work: (deps: Deps) => Promise<void>) {
  const { deps, client } = await nodeDeps();
  try {
    await work(deps);
  } finally {
    client.close();
  }
}

async function userByEmail(deps: Deps, address: string) {
  const u = await findUserByEmail(deps.db, address);
  if (!u) throw new AppError('NOT_FOUND', `no user ${address}`);
  return u;
}

export const userCommands: Family = {
  name: 'user',
  summary: "Manage people's accounts",
  commands: [
    command({
      name: 'create',
      summary: `Create a user (roles: ${ROLES.join(', ')}); without --password-stdin the user signs in with API tokens only`,
      options: {
        email,
        role: { type: 'string', value: 'ROLE', required: true, help: `one of ${ROLES.join(', ')}` },
        name: { type: 'string', value: 'NAME', help: 'their name as the dashboard shows it' },
        creditor: { type: 'string', value: 'CREDITOR', help: 'for --role creditor: the creditor whose figures they see, as cases name it' },
        'password-stdin': { type: 'boolean', help: 'read the password (at least 10 characters) from the first line of stdin' },
      },
      async run({ values }) {
        if (!ROLES.includes(values.role as Role)) throw new AppError('BAD_REQUEST', `--role must be one of ${ROLES.join(', ')}`);
        const password = values['password-stdin'] ? ((await readStdinLines())[0] ?? '') : null;
        if (password !== null && password.length < 10) throw new AppError('BAD_REQUEST', 'the password must be at least 10 characters');
        await withDeps(async (deps) => {
          const u = await createUser(deps, { email: values.email, name: values.name, role: values.role as Role, creditor: values.creditor, password });
          console.log(`created user ${u.id} ${u.email} (${u.role}${u.creditor ? ` of ${u.creditor}` : ''})${password ? '' : ' without a password (API tokens only)'}`);
        });
      },
    }),
    command({
      name: 'token',
      summary: 'Create an API token for a user and print it (shown once)',
      options: { email, name: { type: 'string', value: 'NAME', default: 'cli', help: 'what the token is for' } },
      run: ({ values }) => withDeps(async (deps) => console.log(await createApiToken(deps, (await userByEmail(deps, values.email)).id, values.name))),
    }),
    command({
      name: 'disable|enable',
      summary: 'Disable a user (their sessions end and their API tokens stop at once), or enable them',
      options: { email },
      run: ({ values, name }) =>
        withDeps(async (deps) => {
          const u = await userByEmail(deps, values.email);
          await changeUser(deps, u.id, { disabled: name === 'disable' }, null);
          console.log(`${name}d user ${u.id} ${u.email}${name === 'disable' ? ': their sessions have ended and their API tokens no longer work' : ''}`);
        }),
    }),
    command({
      name: 'list',
      summary: 'List users, disabled ones too',
      run: () =>
        withDeps(async (deps) => {
          for (const u of await listAccounts(deps.db)) console.log(`${u.id}\t${u.email}\t${u.role}\t${u.name}\t${u.disabledAt ? 'disabled' : 'active'}`);
        }),
    }),
  ],
};

export const tokenCommands: Family = {
  name: 'token',
  summary: 'Manage API tokens',
  commands: [
    command({
      name: 'list',
      summary: 'List API tokens: id, user, name, created, last used, revoked (never the tokens)',
      options: { email: { type: 'string', value: 'EMAIL', help: "only this user's tokens" } },
      run: ({ values }) =>
        withDeps(async (deps) => {
          const u = values.email === undefined ? null : await userByEmail(deps, values.email);
          const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
          console.log('id\tuser\tname\tcreated\tlast used\trevoked');
          for (const t of await listTokens(deps.db, u?.id)) {
            console.log([t.id, t.userEmail, t.name, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt)].join('\t'));
          }
        }),
    }),
    command({
      name: 'revoke',
      args: 'ID',
      summary: 'Revoke an API token at once (its ID is in `token list`)',
      run({ positionals: [id] }) {
        if (!/^\d{1,15}$/.test(id!)) throw new UsageError(`ID must be a token's number, not "${id}"`);
        return withDeps(async (deps) => {
          const t = await revokeApiToken(deps, Number(id), null);
          console.log(`revoked token ${t.id} "${t.name}" of ${t.userEmail}`);
        });
      },
    }),
  ],
};
