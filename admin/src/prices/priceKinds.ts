export const priceKinds = [
  { id: 'INPUT', name: 'Input' },
  { id: 'OUTPUT', name: 'Output' },
  { id: 'CACHED_INPUT', name: 'Cached input' },
  { id: 'CACHE_WRITE', name: 'Cache write' },
  { id: 'BATCH_INPUT', name: 'Batch input' },
  { id: 'BATCH_OUTPUT', name: 'Batch output' },
  { id: 'INPUT_AUDIO', name: 'Audio input' },
  { id: 'OUTPUT_AUDIO', name: 'Audio output' },
  { id: 'REASONING', name: 'Reasoning' },
];
