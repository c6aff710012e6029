import { DigestDraft, PublishDigest, SaveDigest } from '../dataProvider/documents/digest';
import { graphql } from '../dataProvider/graphqlClient';
import type { DigestForm, Draft } from './types';

export const draftKey = (week: string) => ['digest', 'draft', week];

export const fetchDraft = async (week: string) => (await graphql<{ digestDraft: Draft }>(DigestDraft, { week })).digestDraft;

export interface FieldError {
  path: string;
  message: string;
}

export type SaveOutcome =
  | { kind: 'saved'; version: number }
  | { kind: 'invalid'; message: string; fieldErrors: FieldError[] }
  | { kind: 'conflict'; message: string; currentVersion: number; changedBy: string | null; changedAt: string | null }
  | { kind: 'refused'; message: string };

interface SavePayload {
  __typename: string;
  message?: string;
  digest?: { version: number };
  fieldErrors?: FieldError[];
  currentVersion?: number;
  changedBy?: string | null;
  changedAt?: string | null;
}

/** Saves the form as it stands; the API's typed errors come back as outcomes, not exceptions. */
export async function saveDigest(week: string, form: DigestForm, expectedVersion: number | null): Promise<SaveOutcome> {
  const input = {
    week,
    title: form.title,
    intro: form.intro,
    // An empty headline takes the change's own summary; an empty note is none.
    items: form.items.map((item) => ({ change: item.change, headline: item.headline.trim() || null, note: item.note.trim() || null })),
    expectedVersion,
  };
  const { result } = await graphql<{ result: SavePayload }>(SaveDigest, { input });
  switch (result.__typename) {
    case 'SaveDigestSuccess':
      return { kind: 'saved', version: result.digest!.version };
    case 'ValidationError':
      return { kind: 'invalid', message: result.message ?? 'The digest was not saved.', fieldErrors: result.fieldErrors ?? [] };
    case 'ConflictError':
      return {
        kind: 'conflict',
        message: result.message ?? '',
        currentVersion: result.currentVersion!,
        changedBy: result.changedBy ?? null,
        changedAt: result.changedAt ?? null,
      };
    default:
      return { kind: 'refused', message: result.message ?? 'The digest was not saved.' };
  }
}

/** Publishes the week's digest as saved, at the version the reviewer read; resolves the number of subscribers it was queued for. */
export async function publishDigest(week: string, expectedVersion: number | null): Promise<number> {
  const { result } = await graphql<{ result: { __typename: string; message?: string; recipients?: number } }>(PublishDigest, { week, expectedVersion });
  if (result.__typename !== 'PublishDigestSuccess') throw new Error(result.message ?? 'The digest was not published.');
  return result.recipients!;
}
