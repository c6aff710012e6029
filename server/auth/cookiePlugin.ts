import type { Plugin } from 'graphql-yoga';

/** Set-Cookie headers resolvers ask for (sign-in, sign-out), added to the request's response. */
export function cookiePlugin() {
  const pending = new WeakMap<Request, string[]>();
  const plugin: Plugin = {
    onResponse({ request, response }) {
      for (const header of pending.get(request) ?? []) response.headers.append('set-cookie', header);
      // Responses to a signed-in request are private to that person.
      if (request.headers.get('cookie')?.includes('session') || pending.has(request)) {
        response.headers.set('cache-control', 'private, no-store');
      }
    },
  };
  return {
    plugin,
    setCookie(request: Request, header: string) {
      const list = pending.get(request) ?? [];
      list.push(header);
      pending.set(request, list);
    },
  };
}
