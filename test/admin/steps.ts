import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { people, type Person, startAdminApp } from '../helpers/adminApp.ts';
import { ensureAdminBuilt, launchAdminBrowser, type AdminBrowser, type AdminSession } from '../helpers/browser.ts';

/** Steps the admin walk-through tests share: the server and browser, people signed in, pickers. */
export interface Walkthrough {
  app: TestApp;
  browser: AdminBrowser;
  sessions: AdminSession[];
  signedIn(person: Person): Promise<AdminSession>;
  /** Every session's console stayed clean; then the browser and server stop. */
  close(): Promise<void>;
}

export async function startWalkthrough(): Promise<Walkthrough> {
  await ensureAdminBuilt();
  const app = await startAdminApp();
  const browser = await launchAdminBrowser(app.url);
  const sessions: AdminSession[] = [];
  return {
    app,
    browser,
    sessions,
    async signedIn(person) {
      const session = await browser.session();
      sessions.push(session);
      // A failed request shows in the console only as its status: keep what was asked, to explain it.
      // An internal server error answers 200 with a masked "Unexpected error.": count it as an error too.
      session.page.on('response', async (response) => {
        const body = await response.text().catch(() => '');
        const failed = response.status() >= 400 || (response.url().endsWith('/graphql') && body.includes('"Unexpected error."'));
        if (!failed) return;
        session.consoleErrors.push(`(request) ${response.status()} ${response.url()}: ${response.request().postData()?.slice(0, 600)} → ${body.slice(0, 400)}`);
      });
      await session.login(person.email, person.password);
      await session.page.getByTestId('role').getByText(person.role.toLowerCase()).waitFor();
      return session;
    },
    async close() {
      try {
        for (const session of sessions) expect(session.consoleErrors, 'browser console errors').toEqual([]);
      } finally {
        await browser.close();
        await app.close();
      }
    },
  };
}

export { people };

/**
 * Types into a react-admin AutocompleteInput and picks the option named `option`. On a form's first
 * visit react-admin can wipe what was typed (and close the list) when the input's choices first
 * arrive; a person would type again, and so does this.
 */
export async function pick(page: Page, label: string | RegExp, typed: string, option: string | RegExp) {
  const input = page.getByRole('combobox', { name: label });
  const choice = page.getByRole('option', { name: option, exact: typeof option === 'string' }).first();
  await input.click();
  await input.fill(typed);
  await expect
    .poll(
      async () => {
        if (await choice.isVisible()) return true;
        if ((await input.inputValue()) !== typed) {
          await input.click();
          await input.fill(typed);
        } else if ((await input.getAttribute('aria-expanded')) === 'false') {
          await input.click();
        }
        return false;
      },
      { interval: 500 },
    )
    .toBe(true);
  await choice.click();
  await expect.poll(() => input.inputValue()).not.toBe('');
}

/** The helper or error text MUI shows under an input (its `aria-describedby`). */
export async function helperTextOf(input: Locator): Promise<string> {
  const id = await input.getAttribute('aria-describedby');
  if (!id) return '';
  const texts = await Promise.all(id.split(/\s+/).map((one) => input.page().locator(`[id="${one}"]`).textContent()));
  return texts.join(' ').trim();
}

/** A published score of a model, through the public API as an anonymous reader. */
export async function publicScores(app: TestApp, slug: string) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({
      query: `query ($slug: String!) { model(slug: $slug) { scores { value setting benchmark { slug } citation { locator source { url title } } } } }`,
      variables: { slug },
    }),
  });
  const body = (await response.json()) as { data?: { model: { scores: any[] } | null }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.model!.scores as {
    value: number;
    setting: string | null;
    benchmark: { slug: string };
    citation: { locator: string; source: { url: string; title: string } };
  }[];
}

/** GraphQL as a signed-in person, outside the browser (setting up what another person left behind). */
export async function apiAs(app: TestApp, person: Person) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({
      query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { __typename } }',
      variables: { email: person.email, password: person.password },
    }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${person.email} could not sign in`);
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await app.gql<T>(query, variables, { cookie, 'x-graphql-yoga-csrf': 'test' });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
}

/** A score entered by `person` through the API and sent for review, citing the o3/o4-mini launch post. */
export async function pendingScore(app: TestApp, person: Person, input: { benchmark: string; value: number; setting?: string; locator: string }) {
  const gql = await apiAs(app, person);
  const { sources } = await gql(`{ sources(first: 1, filter: { search: "introducing-o3-and-o4-mini" }) { edges { node { id url } } } }`);
  const source = sources.edges[0].node as { id: string; url: string };
  const { createScore } = await gql(
    `mutation ($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id status } } ... on Error { message } } }`,
    {
      input: {
        model: 'o4-mini',
        benchmark: input.benchmark,
        value: input.value,
        setting: input.setting ?? null,
        citation: { sourceId: source.id, locator: input.locator },
        submitForReview: true,
      },
    },
  );
  expect(createScore).toMatchObject({ __typename: 'CreateScoreSuccess', score: { status: 'PENDING_REVIEW' } });
  return { id: createScore.score.id as string, source };
}

/** Waits until the element and its ancestors are fully opaque: MUI's fade-in is over (for screenshots). */
export async function settled(locator: Locator) {
  await expect
    .poll(() =>
      locator.evaluate((element) => {
        for (let node: Element | null = element; node; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (style.opacity !== '1' || (style.transform !== 'none' && node.getAnimations().length > 0)) return false;
        }
        return element.getAnimations({ subtree: true }).every((animation) => animation.playState !== 'running');
      }),
    )
    .toBe(true);
}

/**
 * Opens a record from its list by searching for it. The search refetches the list a moment after
 * typing: a click on the row before that refetch lands on a row about to be replaced, and is lost on a
 * busy machine (seen even after waiting for the search's few rows). So wait for those rows, click,
 * and click again while the page is still the list, until the record's page opens.
 */
export async function openFromList(page: Page, list: { menu: string; placeholder: string; search: string; cell: string }) {
  await page.getByRole('menuitem', { name: list.menu }).click();
  await page.getByPlaceholder(list.placeholder).fill(list.search);
  await expect.poll(() => page.getByRole('row').count()).toBeLessThan(6);
  const onRecord = () => /^#\/[^/?]+\/[^?]+/.test(new URL(page.url()).hash);
  await expect
    .poll(async () => {
      if (!onRecord()) await page.getByRole('cell', { name: list.cell, exact: true }).click({ timeout: 10_000 }).catch(() => undefined);
      return onRecord();
    })
    .toBe(true);
}
