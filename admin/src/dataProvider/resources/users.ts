import type { ResourceHandler } from '..';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes, runMutation } from '../operations';

const fields = 'id email name role disabled createdAt version';

/**
 * Accounts (admins only), searched and sorted here: a team has tens or hundreds of people, so every
 * page of the API's list (oldest first, 100 a page) is read.
 */
export const users: ResourceHandler = {
  async getList(params) {
    const all: any[] = [];
    let after: string | null = null;
    do {
      const data: { users: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: any }[] } } = await graphql(
        `query Users($after: String) { users(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${fields} } } } }`,
        { after },
      );
      all.push(...data.users.edges.map((edge) => edge.node));
      after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
    } while (after);
    return listFromArray(all, params, ['email', 'name']);
  },
  getOne: (id) => fetchNode('User', fields, id),
  getMany: (ids) => fetchNodes('User', fields, ids),
  create: (data) =>
    runMutation({
      name: 'createUser',
      variables: '$input: CreateUserInput!',
      args: 'input: $input',
      key: 'user',
      fields,
      values: { input: { email: data.email, password: data.password, role: data.role, name: data.name || null } },
    }),
  update: (id, data, previousData) =>
    runMutation({
      name: 'updateUser',
      variables: '$id: ID!, $expectedVersion: Int!, $patch: UpdateUserInput!',
      args: 'id: $id, expectedVersion: $expectedVersion, patch: $patch',
      key: 'user',
      fields,
      values: { id, expectedVersion: previousData.version, patch: changedFields(data, previousData, ['role', 'name', 'disabled', 'password']) },
    }),
};
