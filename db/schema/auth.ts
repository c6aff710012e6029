import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './people.ts';

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy of
 * this table cannot be replayed as a login. Logout and disabling an account delete the rows.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token, hex. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** Sliding idle expiry, never later than `absoluteExpiresAt`. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);
