import { NotFoundError } from '../errors.ts';

// Inputs name rows by the API's global IDs: base64 of "Type:id", the format of the relay plugin
// (encodeGlobalID in server/graphql/). Decoded here so the catalog rules need no GraphQL library;
// test/unit/ids.test.ts checks that both agree.

/** Row ids are PostgreSQL integers: a larger number names no row (and must not reach SQL as one). */
export const isRowId = (id: number) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;

const base64 = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/;

/** The row id inside a global ID of one of `types`, or NotFoundError (never an unexpected error). */
export function rowIdOf(globalId: string, ...types: string[]): { typename: string; id: number } {
  const decoded = base64.test(globalId) ? Buffer.from(globalId, 'base64').toString() : '';
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  if (colon < 1 || !/^[A-Z_a-z]\w*$/.test(typename)) throw new NotFoundError(`"${globalId.slice(0, 60)}" is not an id of this API.`);
  // Only the form the API gives out: "Source: 12", "Source:0xc" and "Source:12.0" name no row.
  const digits = decoded.slice(colon + 1);
  const id = /^[1-9]\d{0,9}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!types.includes(typename) || !isRowId(id)) {
    throw new NotFoundError(`No ${types.join(' or ')} has this id.`);
  }
  return { typename, id };
}
