import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../server/graphql/schema.ts';

/** The schema as SDL, sorted so diffs stay small; committed as schema.graphql and checked by a test. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
  writeFileSync(target, printedSchema());
  console.log(`wrote ${target}`);
}
