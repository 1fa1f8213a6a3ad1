/**
 * Every text the extension draws is readable (WCAG AA, 4.5:1) in the light
 * and the dark theme: the sensitive-data banner, the "upload needed" and
 * launch links dialogs, the push dialog and the push notification.
 */
import {
  expect as baseExpect,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import { measureContrast } from './contrast';
import {
  expectFakeGitHub,
  notebookJSON,
  pushFromDialog,
  signInWithToken,
  signOut
} from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 20000 });
test.describe.configure({ timeout: 240000 });

const NOTEBOOK = 'contrast.ipynb';
const CLEAN = 'contrast-clean.ipynb';

/** An SSN in an output and a secret in a source: the banner shows. */
const phiNotebook = {
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

async function expectReadable(
  page: IJupyterLabPageFixture,
  selector: string,
  what: string
): Promise<void> {
  const report = await measureContrast(page, selector);
  expect(report.measured, `${what}: some text was measured`).toBeGreaterThan(0);
  expect(report.failures, `${what}: text below 4.5:1`).toEqual([]);
}

async function closeDialogs(page: IJupyterLabPageFixture): Promise<void> {
  while (await page.locator('.jp-Dialog').count()) {
    await page.keyboard.press('Escape');
  }
}

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test.describe(`Contrast in ${theme}`, () => {
    test.use({ viewport: { width: 1440, height: 900 } });

    test.beforeAll(() => {
      expectFakeGitHub();
    });

    test.beforeEach(async ({ page, tmpPath }) => {
      await signOut(page);
      await page.contents.uploadContent(
        JSON.stringify(phiNotebook),
        'text',
        `${tmpPath}/${NOTEBOOK}`
      );
      await page.contents.uploadContent(
        JSON.stringify(notebookJSON),
        'text',
        `${tmpPath}/${CLEAN}`
      );
      if (theme === 'JupyterLab Dark') {
        await page.theme.setDarkTheme();
      } else {
        await page.theme.setLightTheme();
      }
      const scanned = page.waitForResponse(r =>
        r.url().includes('/cloudshare/scan')
      );
      await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
      await page.notebook.activate(NOTEBOOK);
      await scanned;
    });

    test.afterEach(async ({ page }) => {
      await closeDialogs(page);
      await page.theme.setLightTheme();
    });

    test('banner, dialogs and notifications are at least 4.5:1', async ({
      page,
      tmpPath
    }) => {
      const banner = page.getByRole('region', {
        name: 'Sensitive data warning'
      });
      await expect(banner).toBeVisible();
      await banner.getByRole('button', { name: 'Show' }).click();
      await expect(
        banner.locator('.jp-cloudshare-Banner-position')
      ).not.toBeEmpty();
      await expectReadable(page, '.jp-cloudshare-Banner', 'banner');

      // Not in git: "Share to Colab: upload needed" with its reason box.
      await page.evaluate(() => {
        void window.jupyterapp.commands.execute('cloudshare:share-colab');
      });
      const dialog = page.locator('.jp-Dialog');
      await expect(
        dialog.locator('.jp-cloudshare-NeedsUploadBody-reason')
      ).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'upload needed dialog');
      await closeDialogs(page);

      // The launch links dialog with its warning.
      await page.evaluate(() => {
        void window.jupyterapp.commands.execute('cloudshare:launch-links');
      });
      await expect(
        dialog.locator('.jp-cloudshare-LinksBody-message')
      ).not.toBeEmpty();
      await expectReadable(page, '.jp-Dialog', 'launch links dialog');
      await closeDialogs(page);

      // The push notification with its buttons, for a clean notebook.
      await signInWithToken(page);
      await page.notebook.close(true);
      await page.notebook.openByPath(`${tmpPath}/${CLEAN}`);
      await page.notebook.activate(CLEAN);
      await pushFromDialog(page);
      const toast = page
        .locator('.Toastify__toast')
        .filter({ hasText: 'Saved' });
      await expect(toast).toBeVisible();
      await expectReadable(page, '.Toastify__toast', 'push notification');
    });
  });
}
