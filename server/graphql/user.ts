import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roles, sessions, users } from '../../db/schema/index.ts';
import { accountEmail } from '../auth/accounts.ts';
import { hashPassword, minPasswordLength } from '../auth/passwords.ts';
import { diffRows } from '../catalog/audit.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, optionalText, parseInput } from '../catalog/inputs.ts';
import { updateVersioned } from '../catalog/versioned.ts';
import { write } from '../catalog/write.ts';
import { InvalidCredentialsError, TooManyAttemptsError, ValidationError, type FieldError } from '../errors.ts';
import { builder } from './builder.ts';
import { Role } from './enums.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { payload } from './payload.ts';

/** An editor, reviewer or admin account. Only signed-in people see accounts. */
export const User = builder.drizzleNode('users', {
  name: 'User',
  id: { column: (user) => user.id },
  authScopes: { editor: true },
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name', { nullable: true }),
    role: t.expose('role', { type: Role }),
    disabled: t.boolean({ select: { columns: { disabledAt: true } }, resolve: (user) => user.disabledAt !== null }),
    createdAt: t.field({ type: 'DateTime', select: { columns: { createdAt: true } }, resolve: (user) => new Date(user.createdAt) }),
    version: t.exposeInt('version'),
  }),
});

const LoginSuccess = payload('LoginSuccess', 'user', User);

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true, description: `At least ${minPasswordLength} characters.` }),
    role: t.field({ type: Role, required: true }),
    name: t.string(),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'Only the fields given change. Disabling an account ends its sessions.',
  fields: (t) => ({
    role: t.field({ type: Role }),
    name: t.string(),
    disabled: t.boolean(),
    password: t.string({ description: 'A new password (the person signs in again).' }),
  }),
});

const email = accountEmail;
const password = z
  .string()
  .min(minPasswordLength, `Use at least ${minPasswordLength} characters.`)
  .max(1024, 'Use at most 1024 characters.');
const createUserSchema = z.object({ email, password, role: z.enum(roles), name: optionalText(200) });
const updateUserSchema = z.object({
  role: z.enum(roles).nullish(),
  name: optionalText(200),
  disabled: z.boolean().nullish(),
  password: password.nullish(),
});

const CreateUserSuccess = payload('CreateUserSuccess', 'user', User);
const UpdateUserSuccess = payload('UpdateUserSuccess', 'user', User);

builder.queryFields((t) => ({
  me: t.field({
    type: User,
    nullable: true,
    description: 'The signed-in account; null when anonymous.',
    resolve: async (_root, _args, ctx) =>
      ctx.viewer ? ((await ctx.db.query.users.findFirst({ where: { id: ctx.viewer.id } })) ?? null) : null,
  }),
  users: t.drizzleConnection({
    type: 'users',
    description: 'Every account, oldest first. Admins only.',
    authScopes: { admin: true },
    totalCount: (_parent, _args, ctx) => ctx.db.$count(users),
    resolve: (query, _parent, _args, ctx) => ctx.db.query.users.findMany(query({ orderBy: { id: 'asc' } })),
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginSuccess,
    description:
      'Signs in with email and password and sets an HttpOnly session cookie. Repeated failures lock the account and the client address for a while.',
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError, ValidationError], directResult: true },
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      if (args.email.length > 254 || args.password.length > 1024) throw new InvalidCredentialsError();
      const viewer = await ctx.auth.service.login(ctx.db, ctx.auth, args.email, args.password, ctx.requestId, ctx.log);
      ctx.viewer = viewer;
      const user = await ctx.db.query.users.findFirst({ where: { id: viewer.id } });
      return { user: user! };
    },
  }),
  logout: t.boolean({
    description: 'Ends the session (in the database, not only the cookie). True when a session was ended.',
    resolve: async (_root, _args, ctx) => {
      const ended = await ctx.auth.service.logout(ctx.db, ctx.auth, ctx.viewer, ctx.requestId);
      ctx.viewer = null;
      return ended;
    },
  }),
  createUser: t.field({
    type: CreateUserSuccess,
    description: 'Creates an account. Admins only.',
    authScopes: { admin: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createUserSchema, args.input);
      const passwordHash = await hashPassword(input.password);
      const user = await write(ctx, async ({ tx, audit }) => {
        const [row] = await tx
          .insert(users)
          .values({ email: input.email, role: input.role, name: input.name ?? null, passwordHash })
          .returning();
        await audit({ action: 'CREATE', entityType: 'User', entityId: row!.id, diff: diffRows(null, row!) });
        return row!;
      });
      return { user };
    },
  }),
  updateUser: t.field({
    type: UpdateUserSuccess,
    description: 'Changes role, name, password or disables an account. Admins only; nobody can disable themselves.',
    authScopes: { admin: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: {
      id: t.arg.id({ required: true }),
      expectedVersion: t.arg.int({ required: true }),
      patch: t.arg({ type: UpdateUserInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'User');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(updateUserSchema, args.patch);
      const problems: FieldError[] = [];
      if (id === ctx.viewer!.id && patch.disabled) problems.push({ path: 'disabled', message: 'You cannot disable your own account.' });
      if (id === ctx.viewer!.id && patch.role && patch.role !== 'ADMIN') {
        problems.push({ path: 'role', message: 'You cannot take away your own admin role.' });
      }
      if (problems.length) throw new ValidationError(problems);
      const values: Partial<typeof users.$inferInsert> = {};
      if (patch.role) values.role = patch.role;
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.disabled != null) values.disabledAt = patch.disabled ? sql`now()` as never : null;
      if (patch.password) values.passwordHash = await hashPassword(patch.password);
      const user = await write(ctx, async ({ tx, audit }) => {
        const { before, after } = await updateVersioned(tx, users, id, version, values);
        // A disabled account or a new password ends every session of the account.
        if (patch.disabled || patch.password) await tx.delete(sessions).where(eq(sessions.userId, id));
        await audit({ action: 'UPDATE', entityType: 'User', entityId: id, diff: diffRows(before, after) });
        return after;
      });
      return { user };
    },
  }),
}));
