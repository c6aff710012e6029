import { hashPassword } from '../../server/auth/passwords.ts';
import type { TestApp } from './app.ts';
import { contractOperations } from './contract.ts';
import type { TestDatabase } from './database.ts';
import { CatalogFixture } from './fixtures.ts';

/** The editor contract's operations by name, exactly as clients send them. */
export const editorOps = contractOperations('editor.graphql');
export const op = (name: string) => {
  const text = editorOps.get(name);
  if (!text) throw new Error(`no operation ${name} in editor.graphql`);
  return text;
};

export const password = 'a long test password';
let passwordHash: Promise<string> | null = null;

export type Role = 'EDITOR' | 'REVIEWER' | 'ADMIN';

/** Accounts inserted with plain SQL (one argon2 hash shared by all, for speed). */
export async function insertUser(db: TestDatabase, email: string, role: Role): Promise<number> {
  passwordHash ??= hashPassword(password);
  const [row] = await db.raw.query<{ id: number }>(`insert into users (email, role, password_hash) values ($1, $2, $3) returning id`, [
    email,
    role,
    await passwordHash,
  ]);
  return row!.id;
}

/** A small catalog: one published model, one draft model, a benchmark (0–100) and a source. */
export async function smallCatalog(db: TestDatabase) {
  const catalog = new CatalogFixture(db);
  const providerId = await catalog.provider('openai', 'OpenAI');
  const modelId = await catalog.model('o4-mini', providerId);
  const draftModelId = await catalog.model('secret-model', providerId, { publication: 'DRAFT' });
  const benchmarkId = await catalog.benchmark('gpqa-diamond');
  const sourceId = await catalog.source('https://openai.com/index/o3-o4-mini-system-card');
  return { catalog, providerId, modelId, draftModelId, benchmarkId, sourceId };
}

export interface Session {
  cookie: string;
  headers: Record<string, string>;
}

/** Signs in through the Login operation and returns the session cookie. */
export async function login(app: TestApp, email: string, secret = password): Promise<Session> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: op('Login'), variables: { email, password: secret } }),
  });
  const body = (await response.json()) as { data?: { login: { __typename: string; message?: string } } };
  if (body.data?.login.__typename !== 'LoginSuccess') throw new Error(`login of ${email} failed: ${JSON.stringify(body)}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, headers: { cookie } };
}

/** Global IDs as the API gives them. */
export const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');
/** The row id inside a global ID (`Score:12` → 12). */
export const rowId = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

export async function auditCount(db: TestDatabase): Promise<number> {
  const [row] = await db.raw.query<{ n: number }>('select count(*)::int as n from audit_events');
  return Number(row!.n);
}
