import { CreateUser, UpdateUser, UserNode, UserNodes, Users } from '../documents';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes, runMutation } from '../operations';
import type { ResourceHandler } from '../types';

/**
 * Accounts (admins only), searched and sorted here: a team has tens or hundreds of people, so every
 * page of the API's list (oldest first, 100 a page) is read.
 */
export const users: ResourceHandler = {
  async getList(params) {
    const all: any[] = [];
    let after: string | null = null;
    do {
      const data: { users: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: any }[] } } = await graphql(Users, { after });
      all.push(...data.users.edges.map((edge) => edge.node));
      after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
    } while (after);
    return listFromArray(all, params, ['email', 'name']);
  },
  getOne: (id) => fetchNode(UserNode, id),
  getMany: (ids) => fetchNodes(UserNodes, ids),
  create: (data) =>
    runMutation({
      document: CreateUser,
      key: 'user',
      values: { input: { email: data.email, password: data.password, role: data.role, name: data.name || null } },
    }),
  update: (id, data, previousData) =>
    runMutation({
      document: UpdateUser,
      key: 'user',
      values: { id, expectedVersion: previousData.version, patch: changedFields(data, previousData, ['role', 'name', 'disabled', 'password']) },
    }),
};
