// Signing in and out, and the accounts admins manage.

/** One `me` request answers checkAuth, getIdentity and getPermissions on a page load. */
export const Me = /* GraphQL */ `
query Me { me { id email role } }`;

export const Login = /* GraphQL */ `
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on LoginSuccess { user { id email role } }
    ... on Error { message }
  }
}`;

export const Logout = /* GraphQL */ `
mutation Logout { logout }`;

/** A team has tens or hundreds of people: every page (oldest first, 100 a page) is read. */
export const Users = /* GraphQL */ `
query Users($after: String) {
  users(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id email name role disabled createdAt version } }
  }
}`;

export const UserNode = /* GraphQL */ `
query UserNode($id: ID!) {
  node(id: $id) {
    id
    ... on User {
      id email name role disabled createdAt version
    }
  }
}`;

export const UserNodes = /* GraphQL */ `
query UserNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on User {
      id email name role disabled createdAt version
    }
  }
}`;

export const CreateUser = /* GraphQL */ `
mutation CreateUser($input: CreateUserInput!) {
  result: createUser(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateUserSuccess {
      user {
        id email name role disabled createdAt version
      }
    }
  }
}`;

export const UpdateUser = /* GraphQL */ `
mutation UpdateUser($id: ID!, $expectedVersion: Int!, $patch: UpdateUserInput!) {
  result: updateUser(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateUserSuccess {
      user {
        id email name role disabled createdAt version
      }
    }
  }
}`;
