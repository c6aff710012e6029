/** The promise printed under every benchmark table; the editor app quotes it wherever it refuses a number. */
export const methodology =
  "Published scores from the vendor's model card or independent leaderboards. We do not publish numbers we cannot source.";

const promise = 'We do not publish numbers we cannot source.';

export const citationRequired =
  'A number cannot be saved without its source: pick the page it comes from (or add it) and say where in it the number appears. ' + promise;

export const locatorRequired = 'Say where in the source the number appears (table, section or a short quote).';

/** What to cite in a source of each kind: the banner above a citation, once its source is picked. */
const methodologyByKind: Record<string, string> = {
  VENDOR_MODEL_CARD: "A vendor's model card: cite the table or chart that gives the number, with its setting (shots, tools, effort).",
  VENDOR_DOCS: "The vendor's documentation: cite the section or table that states the number (context window, output limit, dates).",
  VENDOR_PRICING: "The vendor's pricing page: cite the row (model, input or output, tier); prices change, so the retrieval date says when it was read.",
  PAPER: 'A paper: cite the table or figure (e.g. "Table 2") of the version you read; give its arXiv version or DOI in the URL.',
  INDEPENDENT_LEADERBOARD: 'An independent leaderboard: cite the row and the setting it reports; leaderboards re-rank, so the retrieval date matters.',
  BENCHMARK_MAINTAINER: "The benchmark maintainers' own results: cite the table or results file and the benchmark's version.",
  AGGREGATOR_DATASET: "An aggregator's dataset: cite the file and field; where it names its own source, cite that page if you can.",
};

/** The banner above a citation: fits the kind of the source picked (none yet: what a citation is). */
export const methodologyFor = (kind?: string | null) =>
  `${(kind && methodologyByKind[kind]) || "Cite the page the number comes from (a vendor's model card, docs or pricing page, a paper, a leaderboard) and where in it the number appears."} ${promise}`;

export const sourceKinds = [
  { id: 'VENDOR_MODEL_CARD', name: 'Vendor model card' },
  { id: 'VENDOR_DOCS', name: 'Vendor docs' },
  { id: 'VENDOR_PRICING', name: 'Vendor pricing page' },
  { id: 'PAPER', name: 'Paper' },
  { id: 'INDEPENDENT_LEADERBOARD', name: 'Independent leaderboard' },
  { id: 'BENCHMARK_MAINTAINER', name: 'Benchmark maintainer' },
  { id: 'AGGREGATOR_DATASET', name: 'Aggregator dataset' },
  { id: 'OTHER', name: 'Other' },
];

export const linkStatuses = [
  { id: 'OK', name: 'OK' },
  { id: 'REDIRECTED', name: 'Redirected' },
  { id: 'BROKEN', name: 'Broken' },
  { id: 'UNREACHABLE', name: 'Unreachable' },
  { id: 'UNCHECKED', name: 'Not checked yet' },
];
