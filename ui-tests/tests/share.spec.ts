/**
 * "Share to Colab" and "Launch Links and Badges" against a real git clone
 * inside the server's root: a bare repository stands in for GitHub, then
 * the clone's remote URL is pointed at github.com (its remote-tracking refs
 * stay, so the server sees the notebook as pushed; nothing is fetched).
 */
import { expect, test } from '@jupyterlab/galata';
import type { NotebookPanel } from '@jupyterlab/notebook';
import * as fs from 'fs';
import * as path from 'path';
import { git, serverRoot } from './helpers';

const NOTEBOOK = 'share-me.ipynb';
const COLAB_URL = `https://colab.research.google.com/github/octocat/hello/blob/main/${NOTEBOOK}`;

const notebookJSON = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'a1',
      metadata: {},
      source: ['# Shared notebook']
    },
    {
      cell_type: 'code',
      execution_count: null,
      id: 'b2',
      metadata: {},
      outputs: [],
      source: ['x = 1']
    }
  ],
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
};

/**
 * A clone with the notebook committed and pushed to a local bare repository,
 * whose remote then says github.com/octocat/hello. Returns the folder
 * (relative to the server root) holding the notebook.
 */
function makePushedClone(root: string, folder: string): string {
  const base = path.join(root, folder);
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
  return `${folder}/hello`;
}

test.describe('Share to Colab and launch links', () => {
  // Wide enough that the notebook toolbar does not fold its last items into "more".
  test.use({ viewport: { width: 1680, height: 1000 } });

  let root = '';
  let folder = '';
  let notebookDir = '';

  test.beforeEach(async ({ page, context }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    root = await serverRoot(page);
    folder = `cloudshare-share-${testInfo.workerIndex}-${Date.now()}`;
    notebookDir = makePushedClone(root, folder);
    await page.notebook.openByPath(`${notebookDir}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
  });

  test.afterEach(async ({ page }) => {
    // A failed test may leave a dialog open, which would block closing the notebook.
    while (await page.locator('.jp-Dialog').count()) {
      await page.keyboard.press('Escape');
    }
    await page.notebook.close(true).catch(() => undefined);
    fs.rmSync(path.join(root, folder), { recursive: true, force: true });
  });

  test('a pushed notebook gets its Colab link in one click; Copy and Open work', async ({
    page,
    context
  }, testInfo) => {
    const button = page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Share to Colab' });
    await expect(button).toBeVisible();
    await button.click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Open in Colab'
    );
    await expect(
      dialog.getByRole('textbox', { name: 'Colab link' })
    ).toHaveValue(COLAB_URL);
    await expect(dialog).toContainText('octocat/hello, branch main');
    await expect(dialog.getByRole('note')).toContainText('private repository');
    await page.screenshot({ path: testInfo.outputPath('colab-link.png') });

    const copy = dialog.getByRole('button', { name: 'Copy the Colab link' });
    await copy.click();
    await expect(copy).toHaveText('Copied');
    await expect(dialog.getByRole('status')).toHaveText(
      'Colab link copied to the clipboard.'
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      COLAB_URL
    );

    // "Open in Colab" opens a new tab without a handle back to JupyterLab.
    await context.route('https://colab.research.google.com/**', route =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<title>Colab</title>'
      })
    );
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      dialog.getByRole('button', { name: 'Open in Colab' }).click()
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(COLAB_URL);
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();
    await expect(dialog).toHaveCount(0);
  });

  test('unsaved edits are saved first, then the dialog says why an upload is needed', async ({
    page
  }, testInfo) => {
    await page.notebook.setCell(1, 'code', 'x = 2  # edited');
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Share to Colab' })
      .click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Unsaved changes'
    );
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();

    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Share to Colab: upload needed'
    );
    await expect(
      dialog.locator('.jp-cloudshare-NeedsUploadBody-reason')
    ).toContainText(/not committed|local changes/);
    await expect(
      dialog.getByRole('button', { name: 'Save a Copy in GitHub…' })
    ).toBeVisible();
    await expect(
      dialog.getByRole('button', { name: 'Save a Copy as a GitHub Gist…' })
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('needs-upload.png') });

    // The file really was saved: git sees the edit.
    const status = git(
      path.join(root, notebookDir),
      'status',
      '--porcelain',
      NOTEBOOK
    );
    expect(status.trim()).toBe(`M ${NOTEBOOK}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('an untracked notebook is explained the same way', async ({ page }) => {
    const other = 'draft.ipynb';
    fs.writeFileSync(
      path.join(root, notebookDir, other),
      JSON.stringify(notebookJSON)
    );
    await page.notebook.openByPath(`${notebookDir}/${other}`);
    await page.notebook.activate(other);
    await page.evaluate(() => {
      void window.jupyterapp.commands.execute('cloudshare:share-colab');
    });
    const dialog = page.locator('.jp-Dialog');
    await expect(
      dialog.locator('.jp-cloudshare-NeedsUploadBody-reason')
    ).toContainText(/not in git|not committed|untracked/i);
    await expect(
      dialog.getByRole('button', { name: 'Save a Copy in GitHub…' })
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.notebook.close(true);
  });

  test('the launch links dialog lists the targets and inserts one badge cell', async ({
    page
  }, testInfo) => {
    await page.menu.clickMenuItem('File>Launch Links and Badges…');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Launch Links and Badges'
    );

    const binder = dialog.getByRole('textbox', { name: 'Binder link' });
    await expect(binder).toHaveValue(
      /^https:\/\/mybinder\.org\/v2\/gh\/octocat\/hello\/main/
    );
    await expect(
      dialog.getByRole('textbox', { name: 'nbviewer link' })
    ).toHaveValue(
      /^https:\/\/nbviewer\.org\/github\/octocat\/hello\/blob\/main\/share-me\.ipynb/
    );
    await expect(
      dialog.getByRole('textbox', { name: 'Colab link' })
    ).toHaveValue(COLAB_URL);
    await expect(
      dialog.getByRole('link', { name: 'Open in Binder' })
    ).toHaveAttribute('target', '_blank');
    await page.screenshot({ path: testInfo.outputPath('links.png') });

    // Copy a link and a badge snippet.
    await dialog.getByRole('button', { name: 'Copy link for Binder' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await binder.inputValue()
    );
    await dialog.locator('[data-target="colab"] summary').click();
    await dialog
      .getByRole('button', { name: 'Copy Markdown badge for Colab' })
      .click();
    const badge = await page.evaluate(() => navigator.clipboard.readText());
    expect(badge).toContain(COLAB_URL);

    // Pinning refetches links at the commit.
    const sha = git(path.join(root, notebookDir), 'rev-parse', 'HEAD').trim();
    await dialog.getByRole('checkbox', { name: 'Pin to commit' }).check();
    await expect(
      dialog.getByRole('textbox', { name: 'Colab link' })
    ).toHaveValue(
      `https://colab.research.google.com/github/octocat/hello/blob/${sha}/${NOTEBOOK}`
    );
    await dialog.getByRole('checkbox', { name: 'Pin to commit' }).uncheck();
    await expect(
      dialog.getByRole('textbox', { name: 'Colab link' })
    ).toHaveValue(COLAB_URL);

    const insert = dialog.getByRole('button', { name: 'Insert badge cell' });
    await insert.click();
    await expect(dialog.getByRole('status')).toContainText(
      'Badge cell inserted'
    );
    await insert.click();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const cells = await page.evaluate(() => {
      const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
      return panel.content.model!.sharedModel.cells.map(cell => ({
        type: cell.cell_type,
        source: cell.getSource(),
        meta: cell.getMetadata('cloudshare') ?? null
      }));
    });
    expect(cells).toHaveLength(3);
    expect(cells[0].type).toBe('markdown');
    expect(cells[0].meta).toEqual({ badges: true, form: 'image' });
    expect(cells[0].source).toContain('colab-badge.svg');
    expect(cells[0].source).toContain(COLAB_URL);
    expect(cells[1].source).toBe('# Shared notebook');
  });
});
