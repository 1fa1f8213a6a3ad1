/**
 * Every text the extension draws is readable (WCAG AA, 4.5:1) in the light
 * and the dark theme, at 1440 and 1024 px: the sensitive-data banner, the
 * toolbar, the export menu, every dialog (sign-in, push, sensitive-data
 * policy, gist, "upload needed", "Open in Colab", launch links, badges) and
 * the push notification. Along the way no console error comes from the
 * extension and its dialogs load nothing from another origin (the fake
 * GitHub's counts as outside, as GitHub's own would).
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
  pushDialog,
  pushFromDialog,
  signInWithToken,
  signOut,
  watchPage
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

    test('at 1024 px every other surface is at least 4.5:1, with no console error and nothing from outside', async ({
      page
    }) => {
      await page.setViewportSize({ width: 1024, height: 768 });
      const watch = watchPage(page);
      const dialog = page.locator('.jp-Dialog');
      const run = (id: string) =>
        page.evaluate(command => {
          void window.jupyterapp.commands.execute(command);
        }, id);

      // The toolbar's actions (icon-only here when the labels do not fit).
      const toolbar = await measureContrast(
        page,
        '.jp-NotebookPanel-toolbar [data-jp-item-name^="cloudshare-"]'
      );
      expect(toolbar.failures, 'toolbar: text below 4.5:1').toEqual([]);
      await expectReadable(page, '.jp-cloudshare-Banner', 'banner at 1024 px');

      // The export menu.
      await page.locator('.jp-cloudshare-ExportChooser').first().click();
      await expect(page.locator('.jp-cloudshare-ExportMenu')).toBeVisible();
      await expectReadable(page, '.jp-cloudshare-ExportMenu', 'export menu');
      await page.keyboard.press('Escape');

      // Sign-in, signed out.
      await run('cloudshare:github-sign-in');
      await expect(
        dialog.filter({ hasText: 'Sign in to GitHub' })
      ).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'sign-in dialog');
      await closeDialogs(page);

      // The push form with the account line, then the policy warning.
      await signInWithToken(page);
      await page
        .locator('[data-jp-item-name="cloudshare-push-github"]')
        .click();
      await expect(
        pushDialog(page).locator('.jp-cloudshare-Account')
      ).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'push dialog');
      await closeDialogs(page);
      await pushFromDialog(page);
      const policy = dialog.filter({
        hasText: 'This notebook may hold sensitive data'
      });
      await expect(policy).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'sensitive-data policy dialog');
      await policy
        .getByRole('button', { name: 'Share anyway', exact: true })
        .click();
      await expect(
        page.locator('.Toastify__toast').filter({ hasText: 'Saved' })
      ).toBeVisible();

      // "Open in Colab" for the pushed copy.
      await run('cloudshare:share-colab');
      await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
        'Open in Colab'
      );
      await expectReadable(page, '.jp-Dialog', 'Open in Colab dialog');
      await closeDialogs(page);

      // Launch links with the privacy note; text links inserted.
      await run('cloudshare:launch-links');
      await expect(
        dialog.locator('.jp-cloudshare-LinksBody-privacy')
      ).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'launch links dialog (pushed)');
      await dialog.getByRole('button', { name: 'Insert text links' }).click();
      await closeDialogs(page);

      // The badge question.
      await run('cloudshare:insert-badge-cell');
      const ask = dialog.filter({ hasText: 'Insert Launch Badges' });
      await expect(ask).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'badge dialog');
      await ask.getByRole('button', { name: 'Cancel' }).click();

      // The gist form.
      await run('cloudshare:save-gist');
      await expect(
        dialog.filter({ hasText: 'Save a Copy as a GitHub Gist' })
      ).toBeVisible();
      await expectReadable(page, '.jp-Dialog', 'gist dialog');
      await closeDialogs(page);

      expect(watch.outside, 'requests to another origin').toEqual([]);
      expect(watch.extensionErrors, 'console errors').toEqual([]);
      // The policy's refusal of the push of a notebook with sensitive data
      // is asked first (a 200), so the browser logs no failed request.
      expect(watch.failedRequests, 'failed requests').toEqual([]);
    });
  });
}
