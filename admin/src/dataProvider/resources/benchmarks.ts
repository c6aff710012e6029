import { allPublicationStates } from '../../workflow/statuses';
import { BenchmarkNode, BenchmarkNodes, Benchmarks, CreateBenchmark, PublishBenchmark, RetireBenchmark, UpdateBenchmark } from '../documents';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import type { ResourceHandler } from '../types';
import { catalogMutations } from './catalog';

const mutations = catalogMutations({
  key: 'benchmark',
  documents: { create: CreateBenchmark, update: UpdateBenchmark, publish: PublishBenchmark, retire: RetireBenchmark },
});
const editable = ['name', 'slug', 'category', 'description', 'unit', 'scaleMin', 'scaleMax', 'higherIsBetter', 'homepage'];

export const benchmarks: ResourceHandler = {
  async getList(params) {
    const data = await graphql<{ benchmarks: any[] }>(Benchmarks, { publication: allPublicationStates });
    return listFromArray(data.benchmarks, params, ['name', 'slug']);
  },
  getOne: (id) => fetchNode(BenchmarkNode, id),
  getMany: (ids) => fetchNodes(BenchmarkNodes, ids),
  create: (data) => mutations.create(changedFields(data, {}, editable)),
  update: (id, data, previousData) => mutations.update(id, changedFields(data, previousData, editable), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
