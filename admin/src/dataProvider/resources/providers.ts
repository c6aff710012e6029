import { allPublicationStates } from '../../workflow/statuses';
import { CreateProvider, ProviderNode, ProviderNodes, Providers, PublishProvider, RetireProvider, UpdateProvider } from '../documents';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import type { ResourceHandler } from '../types';
import { catalogMutations } from './catalog';

const mutations = catalogMutations({
  key: 'provider',
  documents: { create: CreateProvider, update: UpdateProvider, publish: PublishProvider, retire: RetireProvider },
});

/** The form edits `api.*`; the API takes them flat. */
const flat = (record: any) => ({
  name: record.name,
  slug: record.slug,
  website: record.website,
  docsUrl: record.docsUrl,
  apiBaseUrl: record.api?.baseUrl,
  apiKeyEnv: record.api?.apiKeyEnv,
  npmPackage: record.api?.npmPackage,
  pythonPackage: record.api?.pythonPackage,
});
const editable = ['name', 'slug', 'website', 'docsUrl', 'apiBaseUrl', 'apiKeyEnv', 'npmPackage', 'pythonPackage'];

/** Providers are tens of rows: the API returns them whole; filtering, sorting and paging happen here. */
export const providers: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ providers: any[] }>(Providers, { publication: allPublicationStates });
    return listFromArray(data.providers, params, ['name', 'slug']);
  },
  getOne: (id) => fetchNode(ProviderNode, id),
  getMany: (ids) => fetchNodes(ProviderNodes, ids),
  create: (data) => mutations.create(changedFields(flat(data), {}, editable)),
  update: (id, data, previousData) => mutations.update(id, changedFields(flat(data), flat(previousData), editable), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
