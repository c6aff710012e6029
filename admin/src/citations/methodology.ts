/** The promise printed under every benchmark table; the editor app quotes it wherever it refuses a number. */
export const methodology =
  "Published scores from the vendor's model card or independent leaderboards. We do not publish numbers we cannot source.";

export const citationRequired =
  'A number cannot be saved without its source: pick the page it comes from (or add it) and say where in it the number appears. ' +
  methodology.split('. ')[1];

export const locatorRequired = 'Say where in the source the number appears (table, section or a short quote).';

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
