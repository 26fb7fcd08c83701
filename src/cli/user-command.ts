// `masthead user add --email … --name … --role admin`, password from standard input.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { AccountError, createUser, ROLES, type Role } from '../modules/accounts/index.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';
import { UsageError } from './source-command.ts';

export const USER_HELP = `Usage: masthead user add --email EMAIL --name NAME [--role reader|moderator|editor|admin]

Creates an account (staff, usually). The password is read from standard input, for example:
  printf '%s' "$PASSWORD" | masthead user add --email ed@example.org --name "Ed Ito" --role editor
Accounts made here count as having verified their email address.`;


async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('pipe the password on standard input (it is not read from the command line)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function userCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  if (positionals[0] !== 'add' || positionals.length > 1) throw new UsageError('say: user add --email … --name …');
  if (!values.email || !values.name) throw new UsageError('user add needs --email and --name');
  const role = (values.role ?? 'reader') as Role;
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
  const password = await readPassword();
  const database = await createDb(loadConfig());
  try {
    await migrateToLatest(database.db);
    const user = await createUser(database.db, { email: values.email, displayName: values.name, password, role, verified: true });
    console.log(`Created ${user.role} ${user.displayName} <${user.email}>.`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) throw new UsageError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}
