// One source per page: the URL a source is stored under, and the key two URLs of the same page share.
//
// Stored URL (`cleanSourceUrl`, applied when a source is created or updated): parsed with WHATWG URL,
// so scheme and host are lower-cased, a default port (:80, :443) is dropped, IDNs become punycode;
// the #fragment and tracking parameters (utm_*, gclid, fbclid, mc_cid, mc_eid, ref, …) are removed;
// other query parameters stay, in their order and spelling. The trailing slash stays as given: many
// sites answer only one of /page and /page/ without a redirect, and the link check opens the URL.
//
// Key (`source_url_key(url)` in SQL, the generated column sources.normalized_url with a unique index): the
// same rules, plus the trailing slash of the path dropped. The SQL function is the rule of record
// (legacy rows and importers' rows get it too); `sourceUrlKey` below is the same rule in TypeScript,
// and test/api/sourceUrls.test.ts checks that both agree on every pair of its table.

/** Query parameters that say how a reader arrived, not which page it is (compared lower-cased). */
export const trackingParameters = [
  'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'fbclid', 'igshid', 'yclid', 'twclid',
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'ref', 'ref_src',
] as const;
const tracking = new Set<string>(trackingParameters);

export const isTrackingParameter = (name: string) => {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || tracking.has(lower);
};

/** The query without tracking parameters and empty pieces ("" when nothing is left), raw as given. */
function keptQuery(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((piece) => piece !== '' && !isTrackingParameter(piece.split('=')[0]!));
  return kept.length ? `?${kept.join('&')}` : '';
}

/** The URL a source is stored under (see above). Input already checked by `httpUrl`. */
export function cleanSourceUrl(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}${url.pathname}${keptQuery(url.search)}`;
}

/** Two URLs name the same source when their keys are equal: the stored form without the path's trailing slash. */
export function sourceUrlKey(raw: string): string {
  const url = new URL(cleanSourceUrl(raw));
  return `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}
