import { type ComponentType, lazy } from 'react';

/**
 * A screen loaded when first opened: its code (and what only it uses) is a chunk of its own, so the
 * sign-in page and the dashboard do not download every screen. react-admin's layout shows its
 * loading indicator meanwhile (a Suspense boundary around the routes).
 *
 *   const ModelList = lazyScreen(() => import('./ModelList'), 'ModelList');
 */
export function lazyScreen<Module, Name extends keyof Module>(load: () => Promise<Module>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<any> }));
}
