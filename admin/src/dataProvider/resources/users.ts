import type { ResourceHandler } from '..';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes, runMutation } from '../operations';

const fields = 'id email name role disabled createdAt version';

/** Accounts (admins only). The API lists them whole, oldest first; a team has tens of people. */
export const users: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ users: { edges: { node: any }[] } }>(`query Users { users(first: 100) { edges { node { ${fields} } } } }`);
    return listFromArray(data.users.edges.map((edge) => edge.node), params, ['email', 'name']);
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
