import type { Identifier, RaRecord } from 'react-admin';
import { changedFields, runMutation } from '../operations';
import { withConflictDetails } from './conflicts';

/** The update/publish/retire mutations every catalog type (provider, family, model, benchmark) has alike. */
export function catalogMutations(options: { type: string; key: string; fields: string; toRecord?: (record: any) => RaRecord }) {
  const { type, key, fields } = options;
  const toRecord = options.toRecord ?? ((record: any) => record);
  const lifecycle = (action: 'publish' | 'retire') => (id: Identifier, previousData: RaRecord) =>
    withConflictDetails(id, async () =>
      toRecord(
        await runMutation({
          name: `${action}${type}`,
          variables: '$id: ID!, $expectedVersion: Int!',
          args: 'id: $id, expectedVersion: $expectedVersion',
          key,
          fields,
          values: { id, expectedVersion: previousData.version },
        }),
      ),
    );
  return {
    async create(input: Record<string, unknown>) {
      return toRecord(
        await runMutation({ name: `create${type}`, variables: `$input: Create${type}Input!`, args: 'input: $input', key, fields, values: { input } }),
      );
    },
    async update(id: Identifier, patch: Record<string, unknown>, previousData: RaRecord) {
      return withConflictDetails(id, async () =>
        toRecord(
          await runMutation({
            name: `update${type}`,
            variables: `$id: ID!, $expectedVersion: Int!, $patch: Update${type}Input!`,
            args: 'id: $id, expectedVersion: $expectedVersion, patch: $patch',
            key,
            fields,
            values: { id, expectedVersion: previousData.version, patch },
          }),
        ),
      );
    },
    publish: lifecycle('publish'),
    retire: lifecycle('retire'),
  };
}

export { changedFields };
