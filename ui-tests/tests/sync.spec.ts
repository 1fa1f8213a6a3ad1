/**
 * Sync with GitHub in a real JupyterLab against the local fake GitHub: open a
 * notebook from a pasted link or by browsing, see its status follow the
 * remote, pull, and see the nbdime diff when both sides changed; the status
 * item and the diff read at 4.5:1 in the light and the dark theme.
 */
import {
  expect as baseExpect,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';
import { measureContrast } from './contrast';
import {
  cellSource,
  commitRemote,
  expectClosed,
  expectFakeGitHub,
  REPO,
  signInWithToken
} from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 20000 });
test.describe.configure({ timeout: 180000 });
test.use({ viewport: { width: 1440, height: 900 } });

/** A notebook whose cells hold `sources` (code cells). */
function notebook(...sources: string[]): string {
  return JSON.stringify(
    {
      cells: sources.map((source, i) => ({
        cell_type: 'code',
        execution_count: null,
        id: `cell${i}`,
        metadata: {},
        outputs: [],
        source
      })),
      metadata: {
        kernelspec: {
          display_name: 'Python 3',
          language: 'python',
          name: 'python3'
        },
        language_info: { name: 'python' }
      },
      nbformat: 4,
      nbformat_minor: 5
    },
    null,
    1
  );
}

const BASE = notebook('x = 1', 'print(x)');
const LOCAL = notebook('x = 2', 'print(x)');
const REMOTE = notebook('x = 1', 'print(x)', "print('from GitHub')");

/** A remote path of its own for each test (the fake lives for the whole run). */
function remotePath(tmpPath: string, name: string): string {
  return `sync/${tmpPath}/${name}`;
}

function webUrl(path: string): string {
  return `https://github.com/${REPO}/blob/main/${path}`;
}

function statusItem(page: IJupyterLabPageFixture) {
  return page.locator('.jp-cloudshare-sync-status:visible');
}

/**
 * Click the status item to pull. JupyterLab may have marked the notebook
 * changed (the kernel's metadata arrives after opening): the pull then asks
 * to save first, and a save that changed no cell is no local change.
 */
async function pullFromStatus(page: IJupyterLabPageFixture): Promise<void> {
  await statusItem(page).click();
  const unsaved = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Unsaved changes' });
  const next = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Changed here and on GitHub' })
    .or(page.locator('.Toastify__toast').filter({ hasText: 'GitHub' }));
  await expect(unsaved.or(next).first()).toBeVisible();
  if (await unsaved.isVisible()) {
    await unsaved.getByRole('button', { name: 'Save and Pull' }).click();
  }
}

/** Open (through the server) a notebook from the fake GitHub into `folder`. */
async function openThroughServer(
  request: APIRequestContext,
  url: string,
  folder: string
): Promise<string> {
  const response = await request.post('/cloudshare/github/open', {
    data: { url, path: folder }
  });
  expect(response.ok()).toBe(true);
  return (await response.json()).path;
}

test.beforeAll(() => {
  expectFakeGitHub();
});

test.beforeEach(async ({ page }) => {
  await signInWithToken(page);
});

test('open from a pasted link, see the remote move on, pull', async ({
  page,
  tmpPath
}) => {
  const remote = remotePath(tmpPath, 'pasted.ipynb');
  await commitRemote(page.request, REPO, 'main', remote, BASE);

  await page.menu.clickMenuItem('File>Open from GitHub…');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-cloudshare-OpenGitHub')).toBeVisible();
  // The folder the file browser shows is proposed.
  await expect(dialog.locator('input[name="folder"]')).toHaveValue(tmpPath);
  await dialog.locator('input[name="url"]').fill(webUrl(remote));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expectClosed(dialog);

  await expect(page.getByRole('tab', { name: 'pasted.ipynb' })).toBeVisible();
  expect(await page.contents.fileExists(`${tmpPath}/pasted.ipynb`)).toBe(true);
  await expect(statusItem(page)).toHaveText('In sync');
  await expect(statusItem(page)).toHaveAttribute('data-state', 'in-sync');

  // Someone pushes to GitHub; the status follows on demand (a click), not by polling.
  await commitRemote(page.request, REPO, 'main', remote, REMOTE);
  await page.waitForTimeout(500);
  await expect(statusItem(page)).toHaveText('In sync');
  await statusItem(page).click();
  await expect(statusItem(page)).toHaveText('Remote changes');

  // A click on "Remote changes" pulls.
  await pullFromStatus(page);
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: 'Updated from GitHub.' })
  ).toBeVisible();
  await expect(statusItem(page)).toHaveText('In sync');
  await expect(
    page.locator('.jp-Cell').filter({ hasText: "print('from GitHub')" })
  ).toBeVisible();
  const saved = await page.request.get(
    `/api/contents/${tmpPath}/pasted.ipynb?type=file&format=text&content=1`
  );
  expect((await saved.json()).content).toBe(REMOTE);

  // Opening it again never replaces the file without asking.
  await page.menu.clickMenuItem('File>Open from GitHub…');
  await dialog.locator('input[name="url"]').fill(webUrl(remote));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toContainText('already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expectClosed(dialog);
});

test('browse a repository and open one of its notebooks', async ({
  page,
  tmpPath
}) => {
  const remote = remotePath(tmpPath, 'browsed.ipynb');
  await commitRemote(page.request, REPO, 'main', remote, BASE);

  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('cloudshare:open-from-github');
  });
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('radio', { name: 'Browse repositories' }).check();
  const owner = dialog.locator('input[name="owner"]');
  // Signed in: the account is proposed, and private repositories may be included.
  await expect(owner).toHaveValue('octocat');
  await expect(
    dialog.getByRole('checkbox', { name: 'Include private repositories' })
  ).toBeEnabled();
  // Enter searches, it does not close the dialog.
  await owner.press('Enter');
  await expect(dialog.locator('select[name="repo"]')).toHaveValue(REPO);
  await expect(dialog.locator('select[name="branch"]')).toHaveValue('main');
  const notebooks = dialog.locator('select[name="notebook"]');
  await expect(notebooks.locator(`option[value="${remote}"]`)).toHaveCount(1);
  await notebooks.selectOption(remote);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expectClosed(dialog);

  await expect(page.getByRole('tab', { name: 'browsed.ipynb' })).toBeVisible();
  expect(await page.contents.fileExists(`${tmpPath}/browsed.ipynb`)).toBe(true);
  await expect(statusItem(page)).toHaveText('In sync');
});

test('the launcher offers "Open from GitHub"', async ({ page }) => {
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('launcher:create');
  });
  const card = page
    .locator('.jp-LauncherCard:visible', { hasText: 'Open from GitHub' })
    .first();
  await expect(card).toBeVisible();
  await card.click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-cloudshare-OpenGitHub')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expectClosed(dialog);
});

test('both sides changed: the diff in the pull and the push-conflict dialogs', async ({
  page,
  tmpPath
}) => {
  const remote = remotePath(tmpPath, 'both.ipynb');
  await commitRemote(page.request, REPO, 'main', remote, BASE);
  const local = await openThroughServer(page.request, webUrl(remote), tmpPath);
  await page.contents.uploadContent(LOCAL, 'text', local);
  await commitRemote(page.request, REPO, 'main', remote, REMOTE);

  await page.notebook.openByPath(local);
  await page.notebook.activate('both.ipynb');
  await expect(statusItem(page)).toHaveText('Diverged');

  // Pull: nothing is overwritten; the difference shows, made by nbdime.
  await pullFromStatus(page);
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Changed here and on GitHub');
  const added = dialog.locator('.jp-cloudshare-diff-added');
  await expect(added).toContainText("print('from GitHub')");
  await expect(added.first()).toHaveText(/^\+/);
  await dialog.getByRole('button', { name: 'Decide Later' }).click();
  await expectClosed(dialog);
  const kept = await page.request.get(
    `/api/contents/${local}?type=file&format=text&content=1`
  );
  expect(cellSource(JSON.parse((await kept.json()).content).cells[0])).toBe(
    'x = 2'
  );
  expect(await page.contents.fileExists(`${tmpPath}/both.remote.ipynb`)).toBe(
    true
  );

  // Push: the conflict dialog shows what the colleague changed before "Overwrite".
  await page.locator('[data-jp-item-name="cloudshare-push-github"]').click();
  const push = page
    .locator('.jp-Dialog')
    .filter({ has: page.locator('.jp-cloudshare-PushForm') });
  await expect(push).toBeVisible();
  await expect(push.getByRole('combobox', { name: 'Repository' })).toHaveValue(
    REPO
  );
  await push.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'The file changed on GitHub' });
  await expect(conflict).toBeVisible();
  await expect(conflict.locator('.jp-cloudshare-diff-added')).toContainText(
    "print('from GitHub')"
  );
  await conflict.getByRole('button', { name: 'Cancel' }).click();
  await expectClosed(conflict);
});

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test(`status item and diff are at least 4.5:1 in ${theme}`, async ({
    page,
    tmpPath
  }) => {
    if (theme === 'JupyterLab Dark') {
      await page.theme.setDarkTheme();
    } else {
      await page.theme.setLightTheme();
    }
    try {
      const remote = remotePath(tmpPath, 'contrast.ipynb');
      await commitRemote(page.request, REPO, 'main', remote, BASE);
      const local = await openThroughServer(
        page.request,
        webUrl(remote),
        tmpPath
      );
      await page.notebook.openByPath(local);
      await page.notebook.activate('contrast.ipynb');
      await expect(statusItem(page)).toHaveText('In sync');
      let report = await measureContrast(page, '.jp-cloudshare-sync-status');
      expect(report.measured).toBeGreaterThan(0);
      expect(report.failures, 'in sync').toEqual([]);

      // Another notebook, changed on both sides.
      const other = remotePath(tmpPath, 'contrast2.ipynb');
      await commitRemote(page.request, REPO, 'main', other, BASE);
      const local2 = await openThroughServer(
        page.request,
        webUrl(other),
        tmpPath
      );
      await page.contents.uploadContent(LOCAL, 'text', local2);
      await commitRemote(page.request, REPO, 'main', other, REMOTE);
      await page.notebook.openByPath(local2);
      await page.notebook.activate('contrast2.ipynb');
      await expect(statusItem(page)).toHaveText('Diverged');
      report = await measureContrast(page, '.jp-cloudshare-sync-status');
      expect(report.failures, 'diverged').toEqual([]);

      await pullFromStatus(page);
      const dialog = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'Changed here and on GitHub' });
      await expect(dialog.locator('.jp-cloudshare-diff-added')).toBeVisible();
      report = await measureContrast(page, '.jp-cloudshare-diff');
      expect(report.measured).toBeGreaterThan(0);
      expect(report.failures, 'diff').toEqual([]);
      await dialog.getByRole('button', { name: 'Decide Later' }).click();
      await expectClosed(dialog);
    } finally {
      await page.theme.setLightTheme();
    }
  });
}
