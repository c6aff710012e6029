import type { ResourceHandler } from '..';
import { allPublicationStates } from '../../workflow/statuses';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import { catalogMutations } from './catalog';

export const benchmarkFields = 'id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version';
const mutations = catalogMutations({ type: 'Benchmark', key: 'benchmark', fields: benchmarkFields });
const editable = ['name', 'slug', 'category', 'description', 'unit', 'scaleMin', 'scaleMax', 'higherIsBetter', 'homepage'];

export const benchmarks: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ benchmarks: any[] }>(`query Benchmarks($publication: [PublicationState!]) { benchmarks(publication: $publication) { ${benchmarkFields} } }`, { publication: allPublicationStates });
    return listFromArray(data.benchmarks, params, ['name', 'slug']);
  },
  getOne: (id) => fetchNode('Benchmark', benchmarkFields, id),
  getMany: (ids) => fetchNodes('Benchmark', benchmarkFields, ids),
  create: (data) => mutations.create(changedFields(data, {}, editable)),
  update: (id, data, previousData) => mutations.update(id, changedFields(data, previousData, editable), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
