import type { GetListParams } from 'react-admin';
import type { ResourceHandler } from '..';
import { fetchMe } from '../../authProvider';
import { listFromConnection } from '../lists';
import { claimRecord, factFieldsInUnion, priceFields, scoreFields } from './fields';

// Prices and facts need their model for the queue to say what they are about.
const claimSelection = `__typename ... on Score { ${scoreFields} } ... on Price { ${priceFields} model { id name } } ... on ModelFact { ${factFieldsInUnion} }`;

const connection = (field: string, args = '') => (selection: string) => `query Queue($first: Int, $after: String${args ? `, ${args}` : ''}) {
  queue: ${field}(first: $first, after: $after${args ? ', status: $status' : ''}) { totalCount pageInfo { hasNextPage endCursor } ${selection} }
}`;

/**
 * Reviewers see everyone's pending entries (reviewQueue); an editor, whom the API does not show the
 * queue, sees their own entries waiting there (myEntries with status PENDING_REVIEW).
 */
async function queue(params: GetListParams) {
  const me = await fetchMe();
  const reviewer = me?.role === 'REVIEWER' || me?.role === 'ADMIN';
  const query = reviewer ? connection('reviewQueue') : connection('myEntries', '$status: ClaimStatus');
  const result = await listFromConnection(reviewer ? 'reviewQueue' : 'myPending', params, {
    query: query(`edges { node { ${claimSelection} } }`),
    cursorQuery: query(''),
    variables: reviewer ? {} : { status: 'PENDING_REVIEW' },
    pick: (data) => data.queue,
    map: (node) => claimRecord(node),
  });
  const kind = params.filter?.kind;
  return kind ? { ...result, data: result.data.filter((record) => record.resource === kind) } : result;
}

export const reviews: ResourceHandler = { getList: queue };
