import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { editable, sqlList } from './columns.ts';

export const roles = ['EDITOR', 'REVIEWER', 'ADMIN'] as const;
export type Role = (typeof roles)[number];

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: roles }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'string' }),
    ...editable(),
  },
  (t) => [
    // Emails are compared case-insensitively; one account per address.
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in (${sqlList(roles)})`),
    check('users_email_check', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$'`),
  ],
);
