import type { ResourceHandler } from '..';
import { allPublicationStates } from '../../workflow/statuses';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import { catalogMutations } from './catalog';
import { slugsOf } from './lookup';

const fields = 'id slug name description publication version provider { id name slug }';
const toRecord = (family: any) => ({ ...family, providerId: family.provider?.id });
const mutations = catalogMutations({ type: 'Family', key: 'family', fields, toRecord });

async function input(data: any, previousData: any = {}) {
  const patch = changedFields(data, previousData, ['name', 'slug', 'description']);
  if (data.providerId && data.providerId !== previousData.providerId) [patch.provider] = await slugsOf([data.providerId]);
  return patch;
}

export const families: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ families: any[] }>(`query Families($publication: [PublicationState!]) { families(publication: $publication) { ${fields} } }`, { publication: allPublicationStates });
    return listFromArray(data.families.map(toRecord), params, ['name', 'slug']);
  },
  getOne: async (id) => {
    const family = await fetchNode('ModelFamily', fields, id);
    return family && toRecord(family);
  },
  getMany: async (ids) => (await fetchNodes('ModelFamily', fields, ids)).map(toRecord),
  create: async (data) => mutations.create(await input(data)),
  update: async (id, data, previousData) => mutations.update(id, await input(data, previousData), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
