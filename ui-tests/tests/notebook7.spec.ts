/**
 * The same plugins in Jupyter Notebook 7: the notebook page served by the
 * same test server (the `notebook` server extension) shows the toolbar items
 * and "Export .py" downloads the script; in the light and the dark theme, at
 * 1024 and 1440 px, the three actions stay in the toolbar and the keyboard
 * reaches them, focus goes where issue 13 (items 1, 6, 7) says, every text
 * the extension draws is at least 4.5:1, no console error comes from the
 * extension and its dialogs load nothing from outside hosts.
 */
import { expect as baseExpect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import * as fs from 'fs/promises';
import { expectReadable } from './contrast';
import {
  expectFakeGitHub,
  pushFromDialog,
  signInWithToken,
  signOut,
  watchPage
} from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 20000 });

const BASE = `http://localhost:${process.env.CLOUDSHARE_GALATA_PORT || '8888'}`;
const NAME = `nb7-${Date.now()}.ipynb`;

const notebook = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: 'Notebook 7 check'
    },
    {
      cell_type: 'code',
      execution_count: null,
      id: 'c1',
      metadata: {},
      outputs: [],
      source: '%load_ext autoreload\nvalue = 42'
    }
  ],
  metadata: {
    kernelspec: {
      display_name: 'Python 3',
      language: 'python',
      name: 'python3'
    },
    language_info: { name: 'python', file_extension: '.py' }
  },
  nbformat: 4,
  nbformat_minor: 5
};

test.beforeEach(async ({ request }) => {
  const response = await request.put(`${BASE}/api/contents/${NAME}`, {
    data: { type: 'notebook', format: 'json', content: notebook }
  });
  expect(response.status()).toBe(201);
});

test.afterEach(async ({ request }) => {
  await request.delete(`${BASE}/api/contents/${NAME}`);
});

test('Notebook 7 shows the cloudshare toolbar and exports a script', async ({
  page
}, testInfo) => {
  await page.goto(`${BASE}/notebooks/${NAME}`);
  const exportButton = page.locator('.jp-cloudshare-ExportButton');
  await expect(exportButton).toBeVisible({ timeout: 30000 });
  await expect(page.getByText('Save to GitHub')).toBeVisible();
  await expect(page.getByText('Share to Colab')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportButton.click()
  ]);
  expect(download.suggestedFilename()).toBe(NAME.replace('.ipynb', '.py'));
  const file = testInfo.outputPath('nb7.py');
  await download.saveAs(file);
  const text = await fs.readFile(file, 'utf-8');
  expect(text).toContain('# %load_ext autoreload');
  expect(text).toContain('value = 42');
});

/** An SSN in an output: the sensitive-data banner shows. */
const phiNotebook = {
  ...notebook,
  cells: [
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'table',
      metadata: {},
      outputs: [
        {
          output_type: 'stream',
          name: 'stdout',
          text: '   patient_name          ssn\n0  Maria Lopez   536-22-8410\n'
        }
      ],
      source: 'print(df)'
    }
  ]
};

const THEMES_URL = `${BASE}/lab/api/settings/@jupyterlab/apputils-extension:themes`;

/** Switch Notebook 7's theme the way its Settings menu does. */
async function setTheme(page: Page, theme: string): Promise<void> {
  await page.evaluate(async name => {
    await (
      window as unknown as {
        jupyterapp: {
          commands: { execute(id: string, args: object): Promise<unknown> };
        };
      }
    ).jupyterapp.commands.execute('apputils:change-theme', { theme: name });
  }, theme);
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-name',
    theme
  );
}

async function runCommand(page: Page, id: string): Promise<void> {
  await page.evaluate(command => {
    void (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute(command);
  }, id);
}

async function closeDialogs(page: Page): Promise<void> {
  while (await page.locator('.jp-Dialog').count()) {
    await page.keyboard.press('Escape');
  }
}

const ACTIONS = [
  'cloudshare-share-colab',
  'cloudshare-export',
  'cloudshare-push-github'
];

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  for (const width of [1024, 1440]) {
    test.describe(`Notebook 7 in ${theme} at ${width} px`, () => {
      const PHI = `nb7-phi-${width}-${Date.now()}.ipynb`;
      // Its own clean notebook: never pushed before this test.
      const CLEAN = `nb7-clean-${theme.split(' ')[1]}-${width}-${Date.now()}.ipynb`;
      test.describe.configure({ timeout: 240000 });
      test.use({ viewport: { width, height: 800 } });

      test.beforeEach(async ({ page, request }) => {
        expectFakeGitHub();
        await signOut(page);
        for (const [name, content] of [
          [PHI, phiNotebook],
          [CLEAN, notebook]
        ] as const) {
          const response = await request.put(`${BASE}/api/contents/${name}`, {
            data: { type: 'notebook', format: 'json', content }
          });
          expect(response.status()).toBe(201);
        }
      });

      test.afterEach(async ({ page, request }) => {
        await closeDialogs(page).catch(() => undefined);
        await request.delete(`${BASE}/api/contents/${PHI}`);
        await request.delete(`${BASE}/api/contents/${CLEAN}`);
        // Back to the default theme for the specs that follow.
        await request.put(THEMES_URL, { data: { raw: '{}' } });
      });

      test('toolbar, keyboard, focus and contrast', async ({ page }) => {
        const watch = watchPage(page, BASE);
        const scanned = page.waitForResponse(r =>
          r.url().includes('/cloudshare/scan')
        );
        await page.goto(`${BASE}/notebooks/${PHI}`);
        await expect(page.locator('.jp-cloudshare-ExportButton')).toBeVisible({
          timeout: 30000
        });
        await scanned;
        await setTheme(page, theme);

        // Item 6: the three actions in the toolbar, main action first.
        const toolbar = page.locator('.jp-NotebookPanel-toolbar').first();
        for (const name of ACTIONS) {
          const item = toolbar.locator(`> [data-jp-item-name="${name}"]`);
          await expect(item, name).toBeVisible();
          await expect(item, name).toBeInViewport({ ratio: 1 });
        }
        const order = await toolbar.evaluate(
          (node, wanted) =>
            [...node.children]
              .map(c => c.getAttribute('data-jp-item-name') ?? '')
              .filter(n => wanted.includes(n)),
          ACTIONS
        );
        expect(order).toEqual(ACTIONS);
        await expectReadable(
          page,
          ACTIONS.map(n => `[data-jp-item-name="${n}"]`).join(', '),
          'toolbar actions'
        );

        // Items 6 and 7: the keyboard reaches "Share to Colab": Tab from
        // the header into the toolbar, then its arrow keys; "upload needed"
        // then focuses its main choice, not Close.
        const focusedItem = () =>
          toolbar.evaluate(node => {
            const item = document.activeElement?.closest('[data-jp-item-name]');
            return item && node.contains(item)
              ? [...node.children].indexOf(item)
              : -1;
          });
        const target = await toolbar.evaluate(node =>
          [...node.children].findIndex(
            c =>
              c.getAttribute('data-jp-item-name') === 'cloudshare-share-colab'
          )
        );
        await page.getByRole('button', { name: 'Trusted' }).focus();
        await page.keyboard.press('Tab');
        for (let i = 0; i < 30; i++) {
          const at = await focusedItem();
          // On failure, say which toolbar items hold the Tab stop.
          const stops =
            at < 0
              ? await toolbar.evaluate(node =>
                  [...node.querySelectorAll('[tabindex="0"]')]
                    .map(
                      e =>
                        (e
                          .closest('[data-jp-item-name]')
                          ?.getAttribute('data-jp-item-name') ?? e.tagName) +
                        (e.getClientRects().length ? '' : ' (hidden)')
                    )
                    .join(', ')
                )
              : '';
          expect(
            at,
            `the focus is in the toolbar (its Tab stops: ${stops})`
          ).toBeGreaterThanOrEqual(0);
          if (at === target) {
            break;
          }
          await page.keyboard.press(at < target ? 'ArrowRight' : 'ArrowLeft');
        }
        expect(await focusedItem()).toBe(target);
        await page.keyboard.press('Enter');
        const dialog = page.locator('.jp-Dialog');
        await expect(
          dialog.locator('.jp-cloudshare-NeedsUploadBody-reason')
        ).toBeVisible();
        await expect(
          dialog.locator('.jp-cloudshare-Choice button.jp-mod-accept').first()
        ).toBeFocused();
        await expectReadable(page, '.jp-Dialog', 'upload needed dialog');
        await closeDialogs(page);

        // Item 1: the banner, with a finding shown.
        const banner = page.getByRole('region', {
          name: 'Sensitive data warning'
        });
        await expect(banner).toBeVisible();
        await banner.getByRole('button', { name: 'Show' }).click();
        await expect(
          banner.locator('.jp-cloudshare-Banner-position')
        ).not.toBeEmpty();
        await expectReadable(page, '.jp-cloudshare-Banner', 'banner');

        // Launch Links: its warning readable, a disabled insert looks disabled.
        await runCommand(page, 'cloudshare:launch-links');
        await expect(
          dialog.locator('.jp-cloudshare-LinksBody-message')
        ).not.toBeEmpty();
        await expectReadable(page, '.jp-Dialog', 'launch links dialog');
        const insert = dialog.getByRole('button', {
          name: 'Insert badge cell'
        });
        await expect(insert).toBeDisabled();
        const look = await insert.evaluate(el => {
          const accept = document.createElement('button');
          accept.className = 'jp-mod-styled jp-mod-accept';
          el.parentElement!.appendChild(accept);
          const enabled = getComputedStyle(accept).backgroundColor;
          accept.remove();
          const style = getComputedStyle(el);
          return {
            background: style.backgroundColor,
            enabled,
            cursor: style.cursor
          };
        });
        expect(look.background).not.toBe(look.enabled);
        expect(look.cursor).toBe('not-allowed');
        await closeDialogs(page);

        // Item 7: a flavour chosen from the Export menu gives the focus back.
        await page.locator('.jp-cloudshare-ExportChooser').first().click();
        const menu = page.locator('.jp-cloudshare-ExportMenu');
        await expect(menu).toBeVisible();
        await expectReadable(page, '.jp-cloudshare-ExportMenu', 'export menu');
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

        // The push notification, then "Open in Colab" for the pushed copy.
        await page.goto(`${BASE}/notebooks/${CLEAN}`);
        await expect(page.locator('.jp-cloudshare-ExportButton')).toBeVisible({
          timeout: 30000
        });
        await expect(page.locator('body')).toHaveAttribute(
          'data-jp-theme-name',
          theme
        );
        await signInWithToken(page);
        await pushFromDialog(page);
        const toast = page
          .locator('.Toastify__toast')
          .filter({ hasText: 'Saved' });
        await expect(toast).toBeVisible();
        await expectReadable(page, '.Toastify__toast', 'push notification');
        await runCommand(page, 'cloudshare:share-colab');
        await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
          'Open in Colab'
        );
        await expectReadable(page, '.jp-Dialog', 'Open in Colab dialog');
        await closeDialogs(page);

        expect(watch.outside, 'requests to outside hosts').toEqual([]);
        expect(watch.extensionErrors, 'console errors').toEqual([]);
        expect(watch.failedRequests, 'failed requests').toEqual([]);
      });
    });
  }
}

test.describe('Notebook 7: a pushed notebook opened signed out', () => {
  const PUSHED = `nb7-pushed-${Date.now()}.ipynb`;

  test.afterEach(async ({ request }) => {
    await request.delete(`${BASE}/api/contents/${PUSHED}`);
  });

  // The sync status of a notebook pushed before is asked for on open; signed
  // out, the server says "signed-out" (no 401 for the browser to log).
  test('logs no console error from the extension', async ({
    page,
    request
  }) => {
    expectFakeGitHub();
    const response = await request.put(`${BASE}/api/contents/${PUSHED}`, {
      data: { type: 'notebook', format: 'json', content: notebook }
    });
    expect(response.status()).toBe(201);
    await signInWithToken(page);
    await page.goto(`${BASE}/notebooks/${PUSHED}`);
    await expect(page.locator('.jp-cloudshare-ExportButton')).toBeVisible({
      timeout: 30000
    });
    await pushFromDialog(page);
    await signOut(page);
    const watch = watchPage(page, BASE);
    const status = page.waitForResponse(r =>
      r.url().includes('/cloudshare/github/status')
    );
    await page.reload();
    await expect(page.locator('.jp-cloudshare-ExportButton')).toBeVisible({
      timeout: 30000
    });
    expect((await (await status).json()).state).toBe('signed-out');
    await expect(page.locator('.jp-cloudshare-sync-status')).toHaveText(
      'Sign in to sync'
    );
    expect(watch.extensionErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
  });
});
