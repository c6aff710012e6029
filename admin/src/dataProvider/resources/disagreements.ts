import type { ResourceHandler } from '..';
import { listFromConnection } from '../lists';
import { citationFields } from './fields';

const query = (selection: string) => `query Disagreements($first: Int, $after: String) {
  disagreements(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } ${selection} }
}`;
const fields = `model { id name } benchmark { id name } setting chosen { id }
  scores { id value status enteredBy { email } ${citationFields} }`;

/** Groups have no id of their own: model, benchmark and setting make one. */
export const disagreements: ResourceHandler = {
  getList: (params) =>
    listFromConnection('disagreements', params, {
      query: query(`edges { node { ${fields} } }`),
      cursorQuery: query(''),
      variables: {},
      pick: (data) => data.disagreements,
      map: (node) => ({ ...node, id: `${node.model.id}|${node.benchmark.id}|${node.setting ?? ''}` }),
    }),
};
