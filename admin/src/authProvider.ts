import type { AuthProvider, UserIdentity } from 'react-admin';
import type { HttpError } from 'react-admin';
import { Login, Logout, Me as MeQuery } from './dataProvider/documents';
import { graphql } from './dataProvider/graphqlClient';

export type Role = 'EDITOR' | 'REVIEWER' | 'ADMIN';

export interface Me {
  id: string;
  email: string;
  role: Role;
}

// One `me` request answers checkAuth, getIdentity and getPermissions on a page load.
let current: Promise<Me | null> | null = null;

export function fetchMe(): Promise<Me | null> {
  current ??= graphql<{ me: Me | null }>(MeQuery).then(
    (data) => data.me,
    (error) => {
      current = null;
      throw error;
    },
  );
  return current;
}

export function forgetMe() {
  current = null;
}

/** Session-cookie authentication against the API's login/logout/me operations. */
export const authProvider: AuthProvider = {
  async login({ username, email, password }: { username?: string; email?: string; password: string }) {
    forgetMe();
    const data = await graphql<{ login: { __typename: string; message?: string; user?: Me } }>(
      Login,
      { email: email ?? username, password },
    );
    if (data.login.__typename !== 'LoginSuccess' || !data.login.user) {
      throw new Error(data.login.message ?? 'Those credentials were not accepted.');
    }
    current = Promise.resolve(data.login.user);
  },

  async logout() {
    forgetMe();
    try {
      await graphql(Logout);
    } catch {
      // Already logged out (expired session) or the API is down: the login page is the answer either way.
    }
  },

  async checkAuth() {
    const me = await fetchMe().catch(() => null);
    if (!me) throw new Error('Please log in.');
  },

  /**
   * Yoga answers 200 on GraphQL errors; the data provider turns `extensions.code` into a status. Only
   * a lost session logs the user out: a refused action (403) while logged in stays on the page.
   */
  async checkError(error: unknown) {
    const status = (error as HttpError | undefined)?.status;
    if (status === 401) {
      forgetMe();
      throw new Error('Your session has ended; please log in again.');
    }
    if (status === 403) {
      forgetMe();
      const me = await fetchMe().catch(() => null);
      if (!me) throw new Error('Your session has ended; please log in again.');
    }
  },

  async getIdentity(): Promise<UserIdentity> {
    const me = await fetchMe();
    if (!me) throw new Error('Not logged in.');
    return { id: me.id, fullName: me.email, role: me.role };
  },

  async getPermissions() {
    const me = await fetchMe().catch(() => null);
    return me?.role ?? null;
  },
};

/** What each role may do in the app; the API enforces the same rules. */
export const can = {
  review: (role: unknown) => role === 'REVIEWER' || role === 'ADMIN',
  readAudit: (role: unknown) => role === 'REVIEWER' || role === 'ADMIN',
  manageUsers: (role: unknown) => role === 'ADMIN',
};
