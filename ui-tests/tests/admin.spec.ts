/**
 * What only the server's start sets, on a second `jupyter lab` started by
 * the test (helpers.startSecondServer) against the same local fake GitHub:
 * a GitHub token from the environment (issue 13, item 8: "Sign out of
 * GitHub" gives way to an entry saying where the token comes from) and the
 * admin's text-only badges (item 9), in JupyterLab and Notebook 7.
 */
import { expect as baseExpect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import {
  expectFakeGitHub,
  git,
  notebookJSON,
  startSecondServer,
  TOKEN,
  watchPage
} from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 30000 });
test.describe.configure({ mode: 'serial', timeout: 240000 });

const NOTEBOOK = 'admin.ipynb';
const ENV_ENTRY = 'GitHub Token from the Environment (GITHUB_TOKEN)';

let server: Awaited<ReturnType<typeof startSecondServer>>;

test.beforeAll(async () => {
  expectFakeGitHub();
  server = await startSecondServer({ GITHUB_TOKEN: TOKEN }, [
    '--CloudShareApp.badge_style=text-only'
  ]);
});

test.afterAll(async () => {
  await server?.stop();
});

/**
 * A clone under the second server's root whose notebook is pushed (to a
 * local bare repository; the remote then says github.com/octocat/hello).
 * Returns the notebook's path relative to the root.
 */
function pushedClone(root: string): string {
  const base = path.join(root, `clone-${Date.now()}`);
  const bare = path.join(base, 'origin.git');
  const clone = path.join(base, 'hello');
  fs.mkdirSync(clone, { recursive: true });
  git(base, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(clone, 'init', '--quiet', '--initial-branch=main');
  fs.writeFileSync(
    path.join(clone, NOTEBOOK),
    JSON.stringify(notebookJSON, null, 1) + '\n'
  );
  git(clone, 'add', NOTEBOOK);
  git(clone, 'commit', '--quiet', '-m', 'Add the notebook');
  git(clone, 'remote', 'add', 'origin', bare);
  git(clone, 'push', '--quiet', '-u', 'origin', 'main');
  git(
    clone,
    'remote',
    'set-url',
    'origin',
    'https://github.com/octocat/hello.git'
  );
  return path.relative(root, path.join(clone, NOTEBOOK));
}

/** Open a page of the second server and wait for the GitHub sign-in state. */
async function openPage(page: Page, where: string): Promise<void> {
  const auth = page.waitForResponse(
    r =>
      r.url().includes('/cloudshare/github/auth') &&
      r.request().method() === 'GET',
    { timeout: 60000 }
  );
  await page.goto(`${server.url}${where}`);
  const body = await (await auth).json();
  // The server's own answer: the token is the environment's.
  expect(body.signedIn).toBe(true);
  expect(body.source).toBe('env');
}

/** The File menu, opened from the menu bar with the mouse. */
async function openFileMenu(page: Page) {
  await page
    .locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ })
    .first()
    .click();
  const menu = page.locator('.lm-Menu').first();
  await expect(menu).toBeVisible();
  return menu;
}

async function runCommand(page: Page, id: string): Promise<void> {
  await page.evaluate(command => {
    const app = (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp;
    void app.commands.execute(command);
  }, id);
}

for (const where of ['JupyterLab', 'Notebook 7']) {
  test(`${where}: a token from the environment shows where it comes from, not "Sign out"`, async ({
    page
  }) => {
    const watch = watchPage(page, server.url);
    const notebook = pushedClone(server.root);
    await openPage(
      page,
      where === 'JupyterLab' ? '/lab' : `/notebooks/${notebook}`
    );
    const menu = await openFileMenu(page);
    const entry = menu.locator('.lm-Menu-item', { hasText: ENV_ENTRY });
    await expect(entry).toBeVisible();
    await expect(entry).toHaveAttribute('aria-disabled', 'true');
    await expect(menu.getByText('Sign out of GitHub')).toHaveCount(0);
    // Clicking the disabled entry changes nothing: still signed in from the environment.
    await entry.click({ force: true });
    await page.keyboard.press('Escape');
    const auth = await (
      await page.request.get(`${server.url}/cloudshare/github/auth`)
    ).json();
    expect(auth.source).toBe('env');
    expect(auth.signedIn).toBe(true);
    expect(watch.extensionErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
  });
}

test('text-only badges by the admin: only text links, inserted without asking, nothing loaded from outside', async ({
  page
}) => {
  const notebook = pushedClone(server.root);
  await openPage(page, `/notebooks/${notebook}`);
  await expect(page.locator('.jp-cloudshare-ExportButton')).toBeVisible();
  const watch = watchPage(page, server.url);

  await runCommand(page, 'cloudshare:launch-links');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.getByRole('textbox', { name: 'Colab link' })).toHaveValue(
    /colab\.research\.google\.com/
  );
  await expect(
    dialog.getByRole('button', { name: 'Insert text links' })
  ).toBeEnabled();
  await expect(
    dialog.getByRole('button', { name: 'Insert badge cell' })
  ).toHaveCount(0);
  await expect(dialog.locator('.jp-cloudshare-LinksBody-privacy')).toHaveCount(
    0
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The command inserts the text links at once: no image choice to make.
  await runCommand(page, 'cloudshare:insert-badge-cell');
  const first = page.locator('.jp-Notebook .jp-Cell').first();
  await expect(first).toContainText('Open in Colab');
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  const source = await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              content: {
                model: {
                  sharedModel: { cells: { getSource(): string }[] };
                };
              };
            };
          };
        };
      }
    ).jupyterapp.shell.currentWidget.content.model.sharedModel.cells[0].getSource()
  );
  expect(source).toContain(
    '[Open in Colab](<https://colab.research.google.com/'
  );
  expect(source).not.toContain('![');
  expect(await first.locator('img').count()).toBe(0);
  expect(watch.outside).toEqual([]);
  expect(watch.extensionErrors).toEqual([]);
  expect(watch.failedRequests).toEqual([]);
});
