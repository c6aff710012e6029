import { CreateBatch, SubmitBatchForReview } from '../dataProvider/documents/batch';
import { graphql } from '../dataProvider/graphqlClient';
import { rowInput, type TableRow } from './table';

export interface Entry {
  __typename: 'Score' | 'Price';
  id: string;
  status: string;
}

interface FieldError {
  path: string;
  message: string;
}

interface Payload {
  __typename: string;
  message?: string;
  count?: number;
  entries?: Entry[];
  fieldErrors?: FieldError[];
}

export type BatchOutcome =
  | { kind: 'ok'; count: number; entries: Entry[] }
  /** Problems by the index of the row sent (from 0); `general` for the source or the whole table. */
  | { kind: 'problems'; message: string; byRow: Map<number, string[]>; general: string[] }
  | { kind: 'refused'; message: string };

function outcomeOf(payload: Payload, listName: 'rows' | 'ids'): BatchOutcome {
  if (payload.__typename.endsWith('Success')) return { kind: 'ok', count: payload.count ?? payload.entries?.length ?? 0, entries: payload.entries ?? [] };
  if (payload.__typename !== 'ValidationError') return { kind: 'refused', message: payload.message ?? 'The API refused the batch.' };
  const byRow = new Map<number, string[]>();
  const general: string[] = [];
  for (const error of payload.fieldErrors ?? []) {
    const [list, index] = error.path.split('.');
    if (list === listName && index !== undefined && /^\d+$/.test(index)) byRow.set(Number(index), [...(byRow.get(Number(index)) ?? []), error.message]);
    else general.push(error.message);
  }
  return { kind: 'problems', message: payload.message ?? 'Some rows have problems.', byRow, general };
}

/** Checks (dryRun) or creates the rows as drafts citing the source, all or nothing. */
export async function createBatch(source: string, rows: TableRow[], dryRun: boolean): Promise<BatchOutcome> {
  const { result } = await graphql<{ result: Payload }>(CreateBatch, { input: { source, rows: rows.map(rowInput), dryRun } });
  return outcomeOf(result, 'rows');
}

/** Submits the entries for review together, all or nothing. */
export async function submitBatch(ids: string[]): Promise<BatchOutcome> {
  const { result } = await graphql<{ result: Payload }>(SubmitBatchForReview, { ids });
  return outcomeOf(result, 'ids');
}
