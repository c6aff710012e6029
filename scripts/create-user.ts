import { parseArgs } from 'node:util';
import { openDatabaseOrExit } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { roles, type Role } from '../db/schema/index.ts';
import { loadConfig } from '../server/config.ts';
import { accountEmail, createAccount } from '../server/auth/accounts.ts';
import { generatePassword } from '../server/auth/passwords.ts';

// npm run user:create -- --email ed@example.com --role EDITOR [--password '…'] [--name 'Ed']
// Without --password one is generated and printed once. With the embedded database, stop the server
// first: PGlite allows one process at a time (a running server's directory is refused, see
// db/dataDirLock.ts). The address must pass the same rule as the admin app's and the API's.
const { values } = parseArgs({
  options: { email: { type: 'string' }, role: { type: 'string', default: 'EDITOR' }, password: { type: 'string' }, name: { type: 'string' } },
});
if (!values.email || !roles.includes(values.role as Role)) {
  console.error(`usage: npm run user:create -- --email ADDRESS [--role ${roles.join('|')}] [--password PASSWORD] [--name NAME]`);
  process.exit(2);
}
if (!accountEmail.safeParse(values.email).success) {
  console.error(`could not create the account: ${JSON.stringify(values.email)} is not an email address the admin app accepts (like ed@example.com)`);
  process.exit(1);
}
const config = loadConfig();
const handle = await openDatabaseOrExit({ url: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, dataDir: config.DATA_DIR }, 'could not create the account: ');
try {
  await migrateDatabase(handle);
  const password = values.password ?? generatePassword();
  const user = await createAccount(handle, { email: values.email, password, role: values.role as Role, name: values.name }, 'user:create');
  console.log(`created ${user.role} ${user.email}${values.password ? '' : `\npassword (shown once): ${password}`}`);
} catch (error) {
  console.error(`could not create the account: ${(error as Error).message}${/unique|23505/.test(String((error as { cause?: unknown }).cause ?? error)) ? ' (the email is taken)' : ''}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
