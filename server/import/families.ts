import type { CatalogModel } from './formats.ts';

// Families, named from the data: the spelling the member models' names use for the family's words
// ("claude-opus" with "Claude Opus 4.1" → "Claude Opus"; "mimo" with "MiMo-V2-Flash" → "MiMo").

export const familySlug = (vendor: string, family: string) =>
  `${vendor}-${family}`
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');

function spellingIn(name: string, family: string): string | null {
  const words = name.split(/[\s\-_/()[\],:]+/).filter(Boolean);
  const wanted = family.split(/[-_\s]+/).filter(Boolean);
  const found: string[] = [];
  let from = 0;
  for (const token of wanted) {
    const lower = token.toLowerCase();
    const index = words.findIndex(
      (word, position) => position >= from && (word.toLowerCase() === lower || (word.toLowerCase().startsWith(lower) && /^\d/.test(word.slice(lower.length)))),
    );
    if (index < 0) break;
    found.push(words[index]!.slice(0, token.length));
    from = index + 1;
  }
  if (found.length === wanted.length) return found.join(' ');
  // A family written as one word inside the name ("qwen3.5" in "Qwen3.5 Plus"): take the name's own spelling.
  const at = name.toLowerCase().indexOf(family.toLowerCase());
  if (at >= 0 && (at === 0 || /[\s\-_/(]/.test(name[at - 1]!))) return name.slice(at, at + family.length);
  return null;
}

export function familyNames(catalogModels: CatalogModel[]): Map<string, { vendor: string; name: string }> {
  const members = new Map<string, { vendor: string; family: string; names: string[] }>();
  for (const model of catalogModels) {
    const family = model.leaves.get('family')?.value as string | undefined;
    if (!family) continue;
    const slug = familySlug(model.vendor, family);
    const entry = members.get(slug) ?? { vendor: model.vendor, family, names: [] };
    entry.names.push(model.leaves.get('name')!.value as string);
    members.set(slug, entry);
  }
  const result = new Map<string, { vendor: string; name: string }>();
  for (const [slug, { vendor, family, names }] of members) {
    const votes = new Map<string, number>();
    for (const name of names) {
      const spelling = spellingIn(name, family);
      if (spelling) votes.set(spelling, (votes.get(spelling) ?? 0) + 1);
    }
    // Names that capitalise the family's words say how it is written; all lower case, the id says it as well.
    const capitalised = (spelling: string) => (/[A-Z]/.test(spelling) ? 1 : 0);
    const best = [...votes].sort((a, b) => capitalised(b[0]) - capitalised(a[0]) || b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    result.set(slug, { vendor, name: best && capitalised(best) ? best : family });
  }
  return result;
}
