import { HttpError, type CreateParams, type DeleteParams, type Identifier, type RaRecord, type UpdateParams } from 'react-admin';
import { forgetCursors } from './lists';
import { chartBenchmarks, dashboardCounts, scoreVsPrice } from './resources/dashboard';
import { proposeFact } from './resources/modelFacts';
import { resources } from './resources';
import type { ResourceHandler, SourcedDataProvider } from './types';

export type { ChartBenchmark, ChartPoint, DashboardCounts, ResourceHandler, SourcedDataProvider } from './types';

function handlerFor(resource: string): ResourceHandler {
  const handler = resources[resource];
  if (!handler) throw new HttpError(`Unknown resource "${resource}".`, 404);
  return handler;
}

function refuse(resource: string, action: string): never {
  throw new HttpError(`The API offers no way to ${action} ${resource} yet.`, 501);
}

/** A workflow action; every list may have changed, so remembered cursors are dropped. */
async function workflowStep(resource: string, action: string, run: (handler: ResourceHandler) => Promise<RaRecord> | undefined): Promise<RaRecord> {
  const result = run(handlerFor(resource));
  if (!result) refuse(resource, action);
  const record = await result;
  forgetCursors();
  return record;
}

function required<T>(value: T | null | undefined, resource: string, id: Identifier): T {
  if (value == null) throw new HttpError(`No ${resource} with id ${id} (it may have been removed, or is hidden from you).`, 404);
  return value;
}

export const dataProvider: SourcedDataProvider = {
  async getList(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.getList) refuse(resource, 'list');
    return handler.getList(params) as Promise<any>;
  },

  async getOne(resource, { id }) {
    const handler = handlerFor(resource);
    if (!handler.getOne) refuse(resource, 'open');
    return { data: required(await handler.getOne(id), resource, id) } as any;
  },

  async getMany(resource, { ids }) {
    const handler = handlerFor(resource);
    if (handler.getMany) return { data: (await handler.getMany(ids)) as any };
    if (!handler.getOne) refuse(resource, 'open');
    const records = await Promise.all(ids.map((id) => handler.getOne!(id)));
    return { data: records.filter((record): record is RaRecord => record !== null) as any };
  },

  async getManyReference(resource, params) {
    const handler = handlerFor(resource);
    if (handler.getManyReference) return handler.getManyReference(params) as Promise<any>;
    if (!handler.getList) refuse(resource, 'list');
    return handler.getList({ ...params, filter: { ...params.filter, [params.target]: params.id } }) as Promise<any>;
  },

  async create(resource, params: CreateParams) {
    const handler = handlerFor(resource);
    if (!handler.create) refuse(resource, 'create');
    const data = await handler.create(params.data);
    forgetCursors(resource);
    return { data } as any;
  },

  async update(resource, params: UpdateParams) {
    const handler = handlerFor(resource);
    if (!handler.update) refuse(resource, 'change');
    const saved = await handler.update(params.id, params.data, params.previousData);
    // A fixed rejected number goes back to the review queue with the same save (the API reopens it as a
    // draft when changed): the editor does not click Submit a second time.
    const resubmit = params.previousData?.status === 'REJECTED' && saved?.status === 'DRAFT' && !!handler.submitForReview;
    const data = resubmit ? await handler.submitForReview!(params.id, saved) : saved;
    forgetCursors(resubmit ? undefined : resource);
    return { data } as any;
  },

  async updateMany(resource) {
    refuse(resource, 'change several');
  },

  async delete(resource, params: DeleteParams) {
    const handler = handlerFor(resource);
    if (!handler.delete) refuse(resource, 'retire');
    const data = await handler.delete(params.id, params.previousData);
    forgetCursors(resource);
    return { data } as any;
  },

  async deleteMany(resource) {
    refuse(resource, 'retire several');
  },

  async verify(resource, record, evidenceOverride) {
    return workflowStep(resource, 'verify', (handler) => handler.verify?.(record.id, record, evidenceOverride));
  },
  async reject(resource, record, reason) {
    return workflowStep(resource, 'reject', (handler) => handler.reject?.(record.id, record, reason));
  },
  async submitForReview(resource, record) {
    return workflowStep(resource, 'submit', (handler) => handler.submitForReview?.(record.id, record));
  },
  async publish(resource, record) {
    return workflowStep(resource, 'publish', (handler) => handler.publish?.(record.id, record));
  },
  async retire(resource, record, reason) {
    return workflowStep(resource, 'retire', (handler) => handler.retire?.(record.id, record, reason));
  },

  proposeFact,
  dashboardCounts,
  chartBenchmarks,
  scoreVsPrice,
};
