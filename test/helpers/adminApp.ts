import { seedDemoCatalog } from '../../server/import/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { startTestApp, type TestApp } from './app.ts';
import type { TestDatabase } from './database.ts';

export interface Person {
  email: string;
  password: string;
  role: 'EDITOR' | 'REVIEWER' | 'ADMIN';
}

/** The team the browser tests sign in as: two editors (for conflicts), a reviewer and an admin. */
export const people = {
  admin: { email: 'ada@sourced.test', password: 'admin-password-1234', role: 'ADMIN' },
  editor: { email: 'eddie@sourced.test', password: 'editor-password-1234', role: 'EDITOR' },
  otherEditor: { email: 'edna@sourced.test', password: 'editor-password-5678', role: 'EDITOR' },
  reviewer: { email: 'rita@sourced.test', password: 'reviewer-password-1234', role: 'REVIEWER' },
} satisfies Record<string, Person>;

export async function createPeople(db: TestDatabase, team: Person[] = Object.values(people)): Promise<void> {
  for (const person of team) {
    await db.raw.query(`insert into users (email, role, password_hash) values ($1, $2, $3)`, [
      person.email,
      person.role,
      await hashPassword(person.password),
    ]);
  }
}

/** The real server over a fresh database holding the demo catalog (o4-mini and friends) and the team. */
export function startAdminApp(): Promise<TestApp> {
  return startTestApp(async (db) => {
    await seedDemoCatalog(db);
    await createPeople(db);
  });
}
