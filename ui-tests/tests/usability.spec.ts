/**
 * The UI as users meet it (issue 13): Share to Colab after a push, a clone
 * with other commits ahead, the push form inside a clone, the toolbar at
 * 1024 px, keyboard focus, words and the Colab link field. Against the local
 * fake GitHub (playwright.config.js), never the real one.
 */
import {
  expect as baseExpect,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import {
  expectFakeGitHub,
  FAKE_URL,
  git,
  notebookJSON,
  pushDialog,
  pushFromDialog,
  REPO,
  serverRoot,
  signInWithToken,
  signOut
} from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 20000 });
test.describe.configure({ timeout: 240000 });

const NOTEBOOK = 'usability-notebook-with-a-rather-long-name.ipynb';
const COLAB = 'https://colab.research.google.com/github';

async function run(page: IJupyterLabPageFixture, command: string) {
  await page.evaluate(id => {
    void window.jupyterapp.commands.execute(id);
  }, command);
}

async function closeDialogs(page: IJupyterLabPageFixture): Promise<void> {
  while (await page.locator('.jp-Dialog').count()) {
    await page.keyboard.press('Escape');
  }
}

/**
 * A clone under the server root whose notebook `folder/NOTEBOOK` is pushed to
 * a local bare repository; the remote URL is then set to `remoteUrl`.
 * Returns the clone's path relative to the root.
 */
function makeClone(root: string, name: string, remoteUrl: string): string {
  const base = path.join(root, name);
  const bare = path.join(base, 'origin.git');
  const clone = path.join(base, 'hello');
  fs.mkdirSync(path.join(clone, 'folder'), { recursive: true });
  git(base, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(clone, 'init', '--quiet', '--initial-branch=main');
  fs.writeFileSync(
    path.join(clone, 'folder', NOTEBOOK),
    JSON.stringify(notebookJSON, null, 1) + '\n'
  );
  git(clone, 'add', '.');
  git(clone, 'commit', '--quiet', '-m', 'Add the notebook');
  git(clone, 'remote', 'add', 'origin', bare);
  git(clone, 'push', '--quiet', '-u', 'origin', 'main');
  git(clone, 'remote', 'set-url', 'origin', remoteUrl);
  return `${name}/hello`;
}

test.describe('Share to Colab: where the notebook is on GitHub', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test.beforeAll(() => {
    expectFakeGitHub();
  });

  test.beforeEach(async ({ page }) => {
    await signOut(page);
  });

  test.afterEach(async ({ page }) => {
    await closeDialogs(page);
  });

  test('after a push, Share to Colab gives the pushed copy in one click and Launch Links agrees', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      JSON.stringify(notebookJSON),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    );
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await signInWithToken(page);
    await pushFromDialog(page);

    const url = `${COLAB}/${REPO}/blob/main/${tmpPath}/${NOTEBOOK}`;
    await run(page, 'cloudshare:share-colab');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Open in Colab'
    );
    const field = dialog.getByRole('textbox', { name: 'Colab link' });
    await expect(field).toHaveValue(url);

    // Item 10: the field shows the end of the URL, the whole URL as tooltip.
    await expect(field).toHaveAttribute('title', url);
    await expect
      .poll(() =>
        field.evaluate(
          (el: HTMLInputElement) =>
            el.scrollWidth > el.clientWidth &&
            el.scrollLeft + el.clientWidth >= el.scrollWidth - 2
        )
      )
      .toBe(true);
    await closeDialogs(page);

    // Launch Links: the same place, with no warning.
    await run(page, 'cloudshare:launch-links');
    const colab = dialog.getByRole('textbox', { name: 'Colab link' });
    await expect(colab).toHaveValue(url);
    await expect(
      dialog.locator('.jp-cloudshare-LinksBody-message')
    ).toBeHidden();
    await closeDialogs(page);

    // Saved with a change: the push no longer shows it.
    await page.notebook.setCell(1, 'code', 'print(3 + 3)');
    await page.notebook.save();
    await run(page, 'cloudshare:share-colab');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Share to Colab: upload needed'
    );
    // Item 7: the main choice has the focus, not Close.
    await expect(
      dialog.getByRole('button', { name: `Save Again in ${REPO} (main)` })
    ).toBeFocused();
    await closeDialogs(page);
    // Launch Links says so in a sentence.
    await run(page, 'cloudshare:launch-links');
    await expect(dialog.locator('.jp-cloudshare-LinksBody-message')).toHaveText(
      /^These links open the copy pushed last time, not this notebook as saved now\. This notebook is not in a git repository\.$/
    );
  });

  test('a clone with other commits ahead still gives its notebook a link', async ({
    page
  }) => {
    const root = await serverRoot(page);
    const name = `cloudshare-ahead-${Date.now()}`;
    const dir = makeClone(root, name, 'https://github.com/octocat/hello.git');
    const clone = path.join(root, dir);
    try {
      fs.writeFileSync(path.join(clone, 'other.txt'), 'not pushed\n');
      git(clone, 'add', 'other.txt');
      git(clone, 'commit', '--quiet', '-m', 'A local commit');
      await page.notebook.openByPath(`${dir}/folder/${NOTEBOOK}`);
      await page.notebook.activate(NOTEBOOK);
      await run(page, 'cloudshare:share-colab');
      const dialog = page.locator('.jp-Dialog');
      await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
        'Open in Colab'
      );
      const pushed = git(clone, 'rev-parse', 'origin/main').trim();
      expect(pushed).toHaveLength(40);
      await expect(
        dialog.getByRole('textbox', { name: 'Colab link' })
      ).toHaveValue(`${COLAB}/octocat/hello/blob/main/folder/${NOTEBOOK}`);
      await closeDialogs(page);
      await page.notebook.close(true);
    } finally {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
  });

  test('inside a clone the push form prefills its repository, branch and path', async ({
    page
  }) => {
    const root = await serverRoot(page);
    const name = `cloudshare-clone-${Date.now()}`;
    const dir = makeClone(root, name, `${FAKE_URL}/${REPO}.git`);
    try {
      await page.notebook.openByPath(`${dir}/folder/${NOTEBOOK}`);
      await page.notebook.activate(NOTEBOOK);
      await signInWithToken(page);
      await run(page, 'cloudshare:push-github');
      const dialog = pushDialog(page);
      await expect(
        dialog.getByRole('combobox', { name: 'Repository' })
      ).toHaveValue(REPO);
      await expect(dialog.getByLabel('File path')).toHaveValue(
        `folder/${NOTEBOOK}`
      );
      await expect(dialog.locator('select[name="branch"]')).toHaveValue('main');
      await closeDialogs(page);
      await page.notebook.close(true);
    } finally {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
  });
});

test.describe('Toolbar, keyboard and words', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await signOut(page);
    await page.contents.uploadContent(
      JSON.stringify(notebookJSON),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    );
  });

  test.afterEach(async ({ page }) => {
    await closeDialogs(page);
  });

  test('at 1024 px with the file browser open the three actions stay in the toolbar', async ({
    page,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.sidebar.openTab('filebrowser');
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    const toolbar = page.locator('.jp-NotebookPanel-toolbar').first();
    const names = [
      'cloudshare-share-colab',
      'cloudshare-export',
      'cloudshare-push-github'
    ];
    for (const name of names) {
      const item = toolbar.locator(`> [data-jp-item-name="${name}"]`);
      await expect(item, name).toBeVisible();
      await expect(item, name).toBeInViewport({ ratio: 1 });
    }
    // The main action first.
    const order = await toolbar.evaluate(
      (node, wanted) =>
        [...node.children]
          .map(c => c.getAttribute('data-jp-item-name') ?? '')
          .filter(n => wanted.includes(n)),
      names
    );
    expect(order).toEqual(names);
    // Icon-only below a width: the name stays for screen readers and the tooltip.
    const share = toolbar.getByRole('button', { name: 'Share to Colab' });
    await expect(share).toBeVisible();
    await expect(
      toolbar.locator(
        '[data-jp-item-name="cloudshare-share-colab"] .jp-ToolbarButtonComponent'
      )
    ).toHaveAttribute('title', /^Share to Colab/);
    await expect(
      toolbar.locator(
        '[data-jp-item-name="cloudshare-push-github"] .jp-ToolbarButtonComponent'
      )
    ).toHaveAttribute('title', /^Save a Copy in GitHub/);
    await expect(
      toolbar.getByRole('button', { name: 'Save to GitHub' })
    ).toBeVisible();
  });

  test('choosing a flavour from the Export menu gives the focus back to the notebook', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await page.locator('.jp-cloudshare-ExportChooser').first().click();
    const menu = page.locator('.jp-cloudshare-ExportMenu');
    await expect(menu).toBeVisible();
    const download = page.waitForEvent('download');
    await menu
      .getByText(/percent/i)
      .first()
      .click();
    await download;
    await expect
      .poll(() =>
        page.evaluate(
          () => !!document.activeElement?.closest('.jp-NotebookPanel')
        )
      )
      .toBe(true);
  });

  test('a disabled "Insert badge cell" looks disabled', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await run(page, 'cloudshare:launch-links');
    const insert = page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Insert badge cell' });
    await expect(insert).toBeDisabled();
    const look = await insert.evaluate(el => {
      const style = getComputedStyle(el);
      const accept = document.createElement('button');
      accept.className = 'jp-mod-styled jp-mod-accept';
      el.parentElement!.appendChild(accept);
      const enabled = getComputedStyle(accept).backgroundColor;
      accept.remove();
      return {
        background: style.backgroundColor,
        enabled,
        cursor: style.cursor
      };
    });
    expect(look.background).not.toBe(look.enabled);
    expect(look.cursor).toBe('not-allowed');
  });

  test('one name per action; the gist link has no private-repository note', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    const push = page
      .locator('.jp-NotebookPanel-toolbar')
      .locator('[data-jp-item-name="cloudshare-push-github"]');
    await expect(push).toContainText('Save to GitHub');
    await page.menu.open('File');
    await expect(
      page.locator('.lm-Menu').getByText('Save a Copy in GitHub…')
    ).toBeVisible();
    await page.keyboard.press('Escape');

    await signInWithToken(page);
    await run(page, 'cloudshare:share-colab');
    const dialog = page.locator('.jp-Dialog');
    await expect(
      dialog.getByRole('button', { name: 'Save a Copy in GitHub…' })
    ).toBeVisible();
    await dialog
      .getByRole('button', { name: 'Save a Copy as a GitHub Gist…' })
      .click();
    const gist = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Save a Copy as a GitHub Gist' });
    await expect(gist).toBeVisible();
    await expect(gist).not.toContainText('private repositor');
    await gist
      .getByRole('button', { name: /Save|Create/ })
      .last()
      .click();
    const link = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Open in Colab' });
    await expect(link.getByRole('textbox', { name: 'Colab link' })).toHaveValue(
      /\/gist\//
    );
    await expect(link).not.toContainText('private repositor');
    await expect(link.getByRole('note')).toHaveCount(0);
  });

  test('notification buttons keep their label on one line', async ({
    page,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await signInWithToken(page);
    await run(page, 'cloudshare:push-github');
    const dialog = pushDialog(page);
    const repo = dialog.getByRole('combobox', { name: 'Repository' });
    await repo.fill('hel');
    await dialog.getByRole('option', { name: REPO }).click();
    await expect(dialog.locator('select[name="branch"]')).not.toHaveValue('');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const toast = page.locator('.Toastify__toast').filter({ hasText: 'Saved' });
    await expect(toast).toBeVisible();
    const buttons = toast.locator('.jp-toast-button');
    expect(await buttons.count()).toBeGreaterThan(1);
    for (const button of await buttons.all()) {
      const lines = await button.evaluate(el => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = new Set(
          [...range.getClientRects()].map(r => Math.round(r.top))
        );
        return tops.size;
      });
      expect(lines, await button.textContent()).toBe(1);
    }
  });
});

test.describe('Badges and privacy', () => {
  test('image badges are announced before inserting, and text links load nothing', async ({
    page
  }) => {
    const root = await serverRoot(page);
    const name = `cloudshare-badges-${Date.now()}`;
    const dir = makeClone(root, name, 'https://github.com/octocat/hello.git');
    const outside: string[] = [];
    page.on('request', request => {
      const host = new URL(request.url()).hostname;
      if (!['localhost', '127.0.0.1'].includes(host)) {
        outside.push(request.url());
      }
    });
    try {
      await page.notebook.openByPath(`${dir}/folder/${NOTEBOOK}`);
      await page.notebook.activate(NOTEBOOK);
      await run(page, 'cloudshare:launch-links');
      const dialog = page.locator('.jp-Dialog');
      const note = dialog.locator('.jp-cloudshare-LinksBody-privacy');
      await expect(note).toContainText('Image badges load their pictures from');
      await expect(note).toContainText('colab.research.google.com');
      await dialog.getByRole('button', { name: 'Insert text links' }).click();
      await closeDialogs(page);
      const first = await page.evaluate(() =>
        (
          window.jupyterapp.shell.currentWidget as unknown as {
            content: {
              model: { sharedModel: { cells: { getSource(): string }[] } };
            };
          }
        ).content.model.sharedModel.cells[0].getSource()
      );
      expect(first).toContain(
        '[Open in Colab](<https://colab.research.google.com/'
      );
      expect(first).not.toContain('![');

      // The command asks first, naming the outside hosts.
      await run(page, 'cloudshare:insert-badge-cell');
      const ask = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'Insert Launch Badges' });
      await expect(ask).toContainText('img.shields.io');
      await expect(
        ask.getByRole('button', { name: 'Insert Text Links' })
      ).toBeVisible();
      await ask.getByRole('button', { name: 'Cancel' }).click();
      expect(outside).toEqual([]);
      await page.notebook.close(true);
    } finally {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
  });
});
