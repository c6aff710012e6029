import type { GetListParams } from 'react-admin';
import { allPublicationStates } from '../../workflow/statuses';
import { CreateModel, ModelCursors, ModelNode, ModelNodes, Models, PublishModel, RetireModel, UpdateModel } from '../documents';
import { listFromConnection } from '../lists';
import { changedFields, fetchNode, fetchNodes } from '../operations';
import type { ResourceHandler } from '../types';
import { catalogMutations } from './catalog';
import { slugsOf } from './lookup';

const toRecord = (model: any) => ({ ...model, providerId: model.provider?.id, familyId: model.family?.id ?? null });
const mutations = catalogMutations({
  key: 'model',
  documents: { create: CreateModel, update: UpdateModel, publish: PublishModel, retire: RetireModel },
  toRecord,
});

/** The form's nested licence and modalities, flat as the API takes them. */
const flat = (record: any) => ({
  name: record.name,
  slug: record.slug,
  tagline: record.tagline,
  about: record.about,
  status: record.status,
  apiModelId: record.apiModelId,
  strengths: (record.strengths ?? []).filter((s: unknown) => typeof s === 'string' && s.trim()),
  weaknesses: (record.weaknesses ?? []).filter((s: unknown) => typeof s === 'string' && s.trim()),
  licenseName: record.license?.name,
  openWeights: record.license?.openWeights,
  inputModalities: record.modalities?.input,
  outputModalities: record.modalities?.output,
});
const editable = ['name', 'slug', 'tagline', 'about', 'status', 'apiModelId', 'strengths', 'weaknesses', 'licenseName', 'openWeights', 'inputModalities', 'outputModalities'];

async function input(data: any, previousData: any = {}) {
  const patch = changedFields(flat(data), previousData.id ? flat(previousData) : {}, editable);
  const [provider, family] = await slugsOf([
    data.providerId !== previousData.providerId ? data.providerId : null,
    data.familyId !== previousData.familyId ? data.familyId : null,
  ]);
  if (provider) patch.provider = provider;
  if (family) patch.family = family;
  return patch;
}

const orderFields: Record<string, string> = {
  name: 'NAME',
  releaseDate: 'RELEASE_DATE',
  contextWindow: 'CONTEXT_WINDOW',
  inputPrice: 'INPUT_PRICE',
  outputPrice: 'OUTPUT_PRICE',
};

async function variables(params: GetListParams) {
  const { q, providerId, status, publication } = params.filter ?? {};
  const [provider] = await slugsOf([providerId]);
  return {
    filter: { search: q || undefined, provider: provider ?? undefined, status: status || undefined },
    publication: publication ? [publication] : allPublicationStates,
    orderBy: { field: orderFields[params.sort?.field ?? ''] ?? 'RELEASE_DATE', direction: params.sort?.order === 'ASC' ? 'ASC' : 'DESC' },
  };
}

export const models: ResourceHandler = {
  getList: async (params) =>
    listFromConnection('models', params, {
      query: Models,
      cursorQuery: ModelCursors,
      variables: await variables(params),
      pick: (data) => data.models,
      map: toRecord,
    }),
  getOne: async (id) => {
    const model = await fetchNode(ModelNode, id);
    return model && toRecord(model);
  },
  getMany: async (ids) => (await fetchNodes(ModelNodes, ids)).map(toRecord),
  create: async (data) => mutations.create(await input(data)),
  update: async (id, data, previousData) => mutations.update(id, await input(data, previousData), previousData),
  publish: mutations.publish,
  retire: mutations.retire,
};
