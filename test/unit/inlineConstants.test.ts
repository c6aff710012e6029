import { describe, expect, it } from 'vitest';
import { inlineConstants } from '../../db/client.ts';

describe('inlineConstants (PostgreSQL statements from Drizzle)', () => {
  it('writes visibility constants into the text, and nothing else that is a string', () => {
    const [text, params] = inlineConstants('select * from m where slug = $1 and publication = $2 and s.status = $3 and note = $4', [
      'o4-mini',
      'PUBLISHED',
      'VERIFIED',
      "VERIFIED'; drop table users; --",
    ]);
    expect(text).toBe("select * from m where slug = $1 and publication = 'PUBLISHED' and s.status = 'VERIFIED' and note = $2");
    expect(params).toEqual(['o4-mini', "VERIFIED'; drop table users; --"]);
  });

  it('writes integer LIMIT parameters into the text and renumbers the rest', () => {
    const [text, params] = inlineConstants('select * from a where x = $1 and y = $2 limit $3) t where z = $4 limit $5', ['x', 2, 1, 'z', 21]);
    expect(text).toBe('select * from a where x = $1 and y = $2 limit 1) t where z = $3 limit 21');
    expect(params).toEqual(['x', 2, 'z']);
  });

  it('keeps a parameter that is also used outside a LIMIT, and any value that is not a non-negative integer', () => {
    const query = 'select $1 as n from a where id > $1 limit $1 offset 0 limit $2 limit $3';
    expect(inlineConstants(query, [5, 1.5, -1])).toEqual([query, [5, 1.5, -1]]);
    expect(inlineConstants("select 1 limit $1", ['1; drop table users'])).toEqual(["select 1 limit $1", ['1; drop table users']]);
  });

  it('writes only the common page sizes into the text: any other LIMIT stays a parameter, one text for all of them', () => {
    // Each distinct text is a prepared statement on every pooled connection for the connection's life
    // (a board's: ~330 KiB in PostgreSQL): `first` from 1 to 500 made 500 of them per connection.
    const query = 'select * from s where b = $1 limit $2';
    expect(inlineConstants(query, ['b', 51])).toEqual(['select * from s where b = $1 limit 51', ['b']]);
    const texts = new Set([37, 38, 499, 202].map((limit) => inlineConstants(query, ['b', limit])[0]));
    expect([...texts]).toEqual([query]);
    expect(inlineConstants(query, ['b', 37])[1]).toEqual(['b', 37]);
  });

  it('leaves statements without a parameterised LIMIT untouched', () => {
    expect(inlineConstants('select * from a where b = $1 limit 5', ['b'])).toEqual(['select * from a where b = $1 limit 5', ['b']]);
  });

  it('does not take $10 for $1', () => {
    const args = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    args[0] = 1 as unknown as string;
    const [text, params] = inlineConstants(`select ${args.slice(1).map((_, i) => `$${i + 2}`).join(', ')} limit $1`, args);
    expect(text).toBe('select $1, $2, $3, $4, $5, $6, $7, $8, $9 limit 1');
    expect(params).toEqual(args.slice(1));
  });
});
