import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminSession } from '../helpers/browser.ts';
import { openFromList, people, settled, startWalkthrough, type Walkthrough } from './steps.ts';

// Two editors open the same provider; the second save is refused, names who saved first and when,
// and offers to reload. Nothing is overwritten; the history shows both changes field by field.
describe('two editors change the same provider at once', () => {
  let w: Walkthrough;
  const firstDocs = 'https://platform.openai.com/docs/overview';
  const secondKeyEnv = 'OPENAI_KEY';

  beforeAll(async () => {
    w = await startWalkthrough();
    // Edited directly while a draft: a published provider's changes wait for a second person instead
    // (test/admin/scoreEntry.test.ts, test/api/fourEyes.test.ts), and never race like this.
    await w.app.db.raw.query(`update providers set publication = 'DRAFT' where slug = 'openai'`);
  });

  afterAll(async () => {
    await w?.close();
  });

  async function openOpenAI(session: AdminSession) {
    const { page } = session;
    await openFromList(page, { menu: 'Providers', placeholder: 'Search providers', search: 'openai', cell: 'OpenAI' });
    await expect.poll(() => page.locator('input[name=name]').inputValue()).toBe('OpenAI');
  }

  // The provider is a draft here, so the public API does not show it: read the row.
  const openai = async () => {
    const [row] = await w.app.db.raw.query<{ docs_url: string | null; api_key_env: string | null }>(
      `select docs_url, api_key_env from providers where slug = 'openai'`,
    );
    return { docsUrl: row!.docs_url, api: { apiKeyEnv: row!.api_key_env } };
  };

  it('refuses the second save, says who changed the record and when, and reloads it on request', async () => {
    const before = await openai();
    expect(before.api.apiKeyEnv).toBe('OPENAI_API_KEY');
    expect(before.docsUrl).not.toBe(firstDocs);

    const eddie = await w.signedIn(people.editor);
    const edna = await w.signedIn(people.otherEditor);
    await openOpenAI(eddie);
    await openOpenAI(edna);

    await eddie.page.locator('input[name=docsUrl]').fill(firstDocs);
    await eddie.page.getByRole('button', { name: 'Save' }).click();
    await eddie.page.getByText(/updated/i).first().waitFor();
    expect((await openai()).docsUrl).toBe(firstDocs);

    await edna.page.locator('input[name="api.apiKeyEnv"]').fill(secondKeyEnv);
    await edna.page.getByRole('button', { name: 'Save' }).click();
    const dialog = edna.page.getByRole('dialog', { name: 'This record changed while you were editing it' });
    await dialog.waitFor();
    const [change] = await w.app.db.raw.query<{ at: string }>(
      `select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from audit_events where entity_type = 'Provider' and action = 'UPDATE'`,
    );
    const when = new Date(change!.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    const message = await dialog.getByTestId('conflict-message').textContent();
    expect(message).toContain(`${people.editor.email} saved a change on ${when}, after you opened this page.`);
    expect(message).toContain('Your change was not saved, and theirs was not overwritten');
    // Field by field: what was typed, and what is saved now (the key variable: not changed by the other save).
    const typed = dialog.getByRole('row').filter({ hasText: 'api.apiKeyEnv' });
    expect(await typed.getByRole('cell').nth(1).textContent()).toBe(secondKeyEnv);
    await expect.poll(() => typed.getByRole('cell').nth(2).textContent()).toBe('OPENAI_API_KEYnot changed since you opened it');
    expect(await dialog.textContent()).toContain('Reloading discards your 1 change');
    await settled(dialog);
    await edna.screenshot('conflict-dialog');

    // Nothing overwritten: the first change stands, the second was not applied.
    expect(await openai()).toMatchObject({ docsUrl: firstDocs, api: { apiKeyEnv: 'OPENAI_API_KEY' } });

    await dialog.getByRole('button', { name: 'Reload the record and discard my 1 change' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => edna.page.locator('input[name=docsUrl]').inputValue()).toBe(firstDocs);
    await expect.poll(() => edna.page.locator('input[name="api.apiKeyEnv"]').inputValue()).toBe('OPENAI_API_KEY');

    // Reapplied on the current version, the change saves and keeps the first one.
    await edna.page.locator('input[name="api.apiKeyEnv"]').fill(secondKeyEnv);
    await edna.page.getByRole('button', { name: 'Save' }).click();
    await edna.page.getByText(/updated/i).first().waitFor();
    expect(await openai()).toMatchObject({ docsUrl: firstDocs, api: { apiKeyEnv: secondKeyEnv } });
  });

  it("shows a reviewer the provider's history: who changed which field from what to what", async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await openOpenAI(session);
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByTestId('record-history');
    await history.waitFor();
    const events = history.getByTestId('history-version');
    // The two saves, and under them the demo seed's import that created the provider.
    await expect.poll(() => events.count()).toBe(3);
    expect(await events.nth(2).textContent()).toMatch(/^Version 1 · catalog:import imported this provider on /);

    // Newest first: edna's key variable (shown as typed), then eddie's docs URL, each "field before → after".
    const [latest, earlier] = [events.nth(0), events.nth(1)];
    expect(await latest.textContent()).toMatch(new RegExp(`^Version 3 · ${people.otherEditor.email} changed this provider on `));
    expect(await latest.getByTestId('change-lines').innerText()).toBe(`api key env OPENAI_API_KEY → ${secondKeyEnv}`);
    expect(await earlier.textContent()).toMatch(new RegExp(`^Version 2 · ${people.editor.email} changed this provider on `));
    expect(await earlier.getByTestId('change-lines').innerText()).toContain(`→ ${firstDocs}`);
    await session.screenshot('history');
  });
});
