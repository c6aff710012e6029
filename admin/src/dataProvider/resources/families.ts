import { allPublicationStates } from '../../workflow/statuses';
import { CreateFamily, Families, FamilyNode, FamilyNodes, PublishFamily, RetireFamily, UpdateFamily } from '../documents';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import type { ResourceHandler } from '../types';
import { catalogMutations } from './catalog';
import { slugsOf } from './lookup';

const toRecord = (family: any) => ({ ...family, providerId: family.provider?.id });
const mutations = catalogMutations({
  key: 'family',
  documents: { create: CreateFamily, update: UpdateFamily, publish: PublishFamily, retire: RetireFamily },
  toRecord,
});

async function input(data: any, previousData: any = {}) {
  const patch = changedFields(data, previousData, ['name', 'slug', 'description']);
  if (data.providerId && data.providerId !== previousData.providerId) [patch.provider] = await slugsOf([data.providerId]);
  return patch;
}

export const families: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ families: any[] }>(Families, { publication: allPublicationStates });
    return listFromArray(data.families.map(toRecord), params, ['name', 'slug']);
  },
  getOne: async (id) => {
    const family = await fetchNode(FamilyNode, id);
    return family && toRecord(family);
  },
  getMany: async (ids) => (await fetchNodes(FamilyNodes, ids)).map(toRecord),
  create: async (data) => mutations.create(await input(data)),
  update: async (id, data, previousData) => mutations.update(id, await input(data, previousData), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
