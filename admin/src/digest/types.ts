// The shapes of the DigestDraft query (admin/src/dataProvider/documents/digest.ts) and of the form.

export interface Citation {
  locator: string;
  source: { url: string; title: string };
}

export interface ModelRef {
  slug: string;
  name: string;
}

export interface DraftItem {
  kind: string;
  headline: string;
  note: string | null;
  model: ModelRef;
  citation: Citation | null;
}

export interface Candidate {
  change: { id: string; at: string; summary: string };
  kind: string;
  headline: string;
  model: ModelRef;
  citation: Citation | null;
}

export interface Preview {
  subject: string;
  text: string;
  html: string;
}

export interface Draft {
  week: string;
  status: 'NEW' | 'DRAFT' | 'PUBLISHED';
  version: number | null;
  title: string | null;
  intro: string | null;
  publishedAt: string | null;
  assembledByYou: boolean;
  itemChangeIds: string[];
  items: DraftItem[];
  candidates: Candidate[];
  preview: Preview | null;
}

/** An item as the editor arranges it: the change it reports, and what they wrote. */
export interface FormItem {
  change: string;
  kind: string;
  headline: string;
  note: string;
  model: ModelRef;
  citation: Citation | null;
}

export interface DigestForm {
  title: string;
  intro: string;
  items: FormItem[];
}

export function formOf(draft: Draft): DigestForm {
  return {
    title: draft.title ?? '',
    intro: draft.intro ?? '',
    items: draft.items.map((item, index) => ({ ...item, change: draft.itemChangeIds[index]!, note: item.note ?? '' })),
  };
}

/** What saving would change: the text and the items' order, headlines and notes. */
const essence = (form: DigestForm) =>
  JSON.stringify([form.title, form.intro, form.items.map((item) => [item.change, item.headline, item.note])]);

export const sameForm = (a: DigestForm, b: DigestForm) => essence(a) === essence(b);
