/**
 * Google Drive in a real JupyterLab, against the local fake Google (Drive and
 * OAuth) started by playwright.config.js (fake-google-setup.js): never Google.
 * The user's side of Google (approving the device code, editing in Colab) is
 * played through the fake's test-only `/_fake/...` routes.
 */
import {
  expect as baseExpect,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { measureContrast } from './contrast';
import {
  approveDeviceCode,
  driveFiles,
  driveNotebooks,
  editInColab,
  EMAIL,
  expectFakeGoogle,
  recordOutsideRequests,
  shownUserCode,
  signInDialog,
  signOutOfGoogle
} from './driveHelpers';
import { captureWindowOpen, notebookJSON, openedUrls } from './helpers';

// Shared machines answer slowly: give the server's answers time.
const expect = baseExpect.configure({ timeout: 20000 });
test.describe.configure({ timeout: 180000 });

const COLAB = 'https://colab.research.google.com/drive/';
const COLAB_MIME = 'application/vnd.google.colaboratory';

/** A name no earlier run left in the server's root. */
function uniqueName(stem: string): string {
  return `${stem}-${Date.now().toString(36)}.ipynb`;
}

/** Put a new notebook in `folder` and open it; its (unique) name. */
async function openNew(
  page: IJupyterLabPageFixture,
  folder: string,
  stem: string,
  content: object = notebookJSON
): Promise<string> {
  const name = uniqueName(stem);
  const local = `${folder}/${name}`;
  await page.contents.uploadContent(JSON.stringify(content), 'text', local);
  await page.notebook.openByPath(local);
  await page.notebook.activate(name);
  return name;
}

/** The dialog whose title is `title`. */
function dialogTitled(page: Page, title: string) {
  return page
    .locator('.jp-Dialog')
    .filter({ has: page.locator('.jp-Dialog-header', { hasText: title }) });
}

/** The path of the document in the main area. */
async function currentPath(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const widget = window.jupyterapp.shell.currentWidget as unknown as {
      context?: { path: string };
    } | null;
    return widget?.context?.path ?? null;
  });
}

/** A notebook file of the server, parsed. */
async function serverNotebook(
  page: Page,
  path: string
): Promise<typeof notebookJSON> {
  const response = await page.request.get(
    `/api/contents/${encodeURIComponent(path)}?content=1&type=file&format=text`
  );
  expect(response.status()).toBe(200);
  return JSON.parse((await response.json()).content);
}

async function closeDialogs(page: IJupyterLabPageFixture): Promise<void> {
  while (await page.locator('.jp-Dialog').count()) {
    await page.keyboard.press('Escape');
  }
}

/** Start "Save a Copy in Drive" signed out, approve the code; the save form. */
async function saveSigningIn(
  page: IJupyterLabPageFixture,
  request: Parameters<typeof approveDeviceCode>[0]
) {
  await page.menu.clickMenuItem('File>Save a Copy in Drive…');
  const signIn = signInDialog(page);
  await expect(signIn).toBeVisible();
  await approveDeviceCode(request, await shownUserCode(page));
  await expect(signIn).toHaveCount(0, { timeout: 30000 });
  const form = dialogTitled(page, 'Save a Copy in Drive');
  await expect(form).toBeVisible();
  return form;
}

/** "Save a Copy in Drive" signed in: the form, then Save as it stands. */
async function saveAgain(page: IJupyterLabPageFixture): Promise<void> {
  await page.menu.clickMenuItem('File>Save a Copy in Drive…');
  await dialogTitled(page, 'Save a Copy in Drive')
    .getByRole('button', { name: 'Save', exact: true })
    .click();
}

test.describe('Google Drive', () => {
  test.beforeAll(() => {
    expectFakeGoogle();
  });

  test.beforeEach(async ({ page }) => {
    await signOutOfGoogle(page);
  });

  test('signs in with the device flow, saves a copy with its Colab link, and opens it back', async ({
    page,
    context,
    request,
    tmpPath
  }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const outside = recordOutsideRequests(page);
    const name = await openNew(page, tmpPath, 'drive-round-trip');
    await captureWindowOpen(page);

    // Signed out: the device flow comes first, with Google's code and link.
    await page.menu.clickMenuItem('File>Save a Copy in Drive…');
    const signIn = signInDialog(page);
    await expect(signIn).toBeVisible();
    const userCode = await shownUserCode(page);
    await expect(
      signIn.getByRole('link', { name: 'https://www.google.com/device' })
    ).toHaveAttribute('href', 'https://www.google.com/device');
    await expect(
      signIn.getByRole('button', { name: 'Copy the sign-in code' })
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('sign-in.png') });
    // Not approved yet: still waiting, nothing signed in.
    expect(
      (await (await page.request.get('/cloudshare/drive/auth')).json()).signedIn
    ).toBe(false);
    await approveDeviceCode(request, userCode);
    await expect(signIn).toHaveCount(0, { timeout: 30000 });

    // The save form names the account; sharing is off by default.
    const form = dialogTitled(page, 'Save a Copy in Drive');
    await expect(form).toContainText(`"Colab Notebooks" folder of ${EMAIL}`);
    await expect(
      form.getByLabel('Anyone with the link can view')
    ).not.toBeChecked();
    await expect(form.getByLabel('Without outputs')).not.toBeChecked();
    await form.getByRole('button', { name: 'Save', exact: true }).click();

    // One notebook of Colab's type in "Colab Notebooks", with the notebook's cells.
    const result = dialogTitled(page, 'Saved in Google Drive');
    await expect(result).toBeVisible();
    const [saved] = await driveNotebooks(request, name);
    expect(saved).toMatchObject({
      mimeType: COLAB_MIME,
      parents: ['Colab Notebooks'],
      owner: EMAIL,
      anyoneReaders: 0
    });
    expect(JSON.parse(saved.content).cells).toEqual(notebookJSON.cells);
    const folders = (await driveFiles(request)).filter(
      f => f.name === 'Colab Notebooks'
    );
    expect(folders).toHaveLength(1);

    // The Colab link and Drive's link, each with a copy button.
    const colabUrl = `${COLAB}${saved.id}`;
    await expect(result).toContainText(`Saved "${name}" in Google Drive.`);
    await expect(
      result.getByRole('textbox', { name: 'Open in Colab' })
    ).toHaveValue(colabUrl);
    await expect(
      result.getByRole('textbox', { name: 'Google Drive' })
    ).toHaveValue(
      new RegExp(`^https://drive\\.google\\.com/file/d/${saved.id}/`)
    );
    await expect(result).toContainText('Only you can open it');
    await page.screenshot({ path: testInfo.outputPath('saved.png') });
    const copyColab = result.getByRole('button', {
      name: 'Copy the Open in Colab link'
    });
    await copyColab.click();
    await expect(copyColab).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      colabUrl
    );
    const driveLink = await result
      .getByRole('textbox', { name: 'Google Drive' })
      .inputValue();
    await result
      .getByRole('button', { name: 'Copy the Google Drive link' })
      .click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      driveLink
    );
    await result
      .getByRole('button', { name: 'Open in Colab', exact: true })
      .click();
    await expect(result).toHaveCount(0);
    expect(await openedUrls(page)).toEqual([colabUrl]);

    // "Open from Google Drive…" lists it; opening it copies it into the root.
    await page.menu.clickMenuItem('File>Open from Google Drive…');
    const picker = dialogTitled(page, 'Open from Google Drive');
    await expect(picker).toBeVisible();
    const listed = picker.getByRole('button', { name, exact: true });
    await expect(listed).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('open-list.png') });
    await listed.click();
    await expect(
      picker.getByLabel('Drive or Colab link, or file id')
    ).toHaveValue(saved.id);
    try {
      await picker.getByRole('button', { name: 'Open', exact: true }).click();
      await expect(picker).toHaveCount(0);
      await expect.poll(() => currentPath(page)).toBe(name);
      expect((await serverNotebook(page, name)).cells).toEqual(
        notebookJSON.cells
      );
      await page.notebook.close(true);

      // By pasted link: the file is there now, so the user is asked first.
      await page.menu.clickMenuItem('File>Open from Google Drive…');
      await expect(picker).toBeVisible();
      await picker.getByLabel('Drive or Colab link, or file id').fill(colabUrl);
      await picker.getByRole('button', { name: 'Open', exact: true }).click();
      const exists = dialogTitled(page, 'File exists');
      await expect(exists).toContainText(`"${name}" already exists`);
      await exists
        .getByRole('button', { name: 'Replace', exact: true })
        .click();
      await expect.poll(() => currentPath(page)).toBe(name);
      expect((await serverNotebook(page, name)).cells).toEqual(
        notebookJSON.cells
      );
    } finally {
      await page.notebook.close(true).catch(() => undefined);
      await page.contents.deleteFile(name);
    }

    // Still one file on Drive, and the browser talked to nobody but the server.
    expect(await driveNotebooks(request, name)).toHaveLength(1);
    expect(outside).toEqual([]);
    // The recorder does see a request elsewhere (a closed local port: nothing leaves).
    await page.evaluate(() =>
      fetch('http://127.0.0.1:59999/probe').catch(() => undefined)
    );
    expect(outside).toEqual(['http://127.0.0.1:59999/probe']);
  });

  test('a change made in Colab since the last save asks before anything is written', async ({
    page,
    request,
    tmpPath
  }) => {
    const name = await openNew(page, tmpPath, 'drive-conflict');

    const form = await saveSigningIn(page, request);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const result = dialogTitled(page, 'Saved in Google Drive');
    await expect(result).toBeVisible();
    await result.getByRole('button', { name: 'Close', exact: true }).click();
    const [first] = await driveNotebooks(request, name);

    const colabEdit = JSON.stringify({ ...notebookJSON, cells: [] });
    await editInColab(request, first.id, colabEdit);

    // The next save stops at the conflict; Cancel leaves Colab's edit in place.
    await saveAgain(page);
    const conflict = dialogTitled(page, 'Changed in Google Drive');
    await expect(conflict).toContainText('Nothing was written');
    await conflict.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(conflict).toHaveCount(0);
    expect((await driveNotebooks(request, name)).map(f => f.content)).toEqual([
      colabEdit
    ]);

    // Overwrite replaces that same file with this notebook.
    await saveAgain(page);
    await conflict
      .getByRole('button', { name: 'Overwrite', exact: true })
      .click();
    await expect(result).toContainText(`Updated "${name}" in Google Drive.`);
    const after = await driveNotebooks(request, name);
    expect(after.map(f => f.id)).toEqual([first.id]);
    expect(JSON.parse(after[0].content).cells).toEqual(notebookJSON.cells);
    await closeDialogs(page);
  });

  test('a notebook with patient data asks first, and can go without its outputs', async ({
    page,
    request,
    tmpPath
  }) => {
    const withPHI = {
      ...notebookJSON,
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
    const name = await openNew(page, tmpPath, 'drive-phi', withPHI);

    const form = await saveSigningIn(page, request);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const policy = dialogTitled(page, 'This notebook may hold sensitive data');
    await expect(policy).toBeVisible();
    // Nothing reaches Drive while the user decides.
    expect(await driveNotebooks(request, name)).toEqual([]);
    await policy
      .getByRole('button', { name: 'Share without outputs', exact: true })
      .click();
    await expect(dialogTitled(page, 'Saved in Google Drive')).toBeVisible();
    const [saved] = await driveNotebooks(request, name);
    const cells = JSON.parse(saved.content).cells;
    expect(cells.map((c: { source: string }) => c.source)).toEqual([
      'print(df)'
    ]);
    expect(cells[0].outputs).toEqual([]);
    expect(saved.content).not.toContain('536-22-8410');
    await closeDialogs(page);
  });
});

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test.describe(`Drive dialogs in ${theme}`, () => {
    test.use({ viewport: { width: 1440, height: 900 } });

    test.beforeAll(() => {
      expectFakeGoogle();
    });

    test.beforeEach(async ({ page }) => {
      await signOutOfGoogle(page);
      if (theme === 'JupyterLab Dark') {
        await page.theme.setDarkTheme();
      } else {
        await page.theme.setLightTheme();
      }
    });

    test.afterEach(async ({ page }) => {
      await closeDialogs(page);
      await page.theme.setLightTheme();
    });

    test('sign-in, save, result and open dialogs are at least 4.5:1 and load nothing from outside', async ({
      page,
      request,
      tmpPath
    }) => {
      const outside = recordOutsideRequests(page);
      const name = await openNew(page, tmpPath, 'drive-contrast');

      const readable = async (what: string) => {
        const report = await measureContrast(page, '.jp-Dialog');
        expect(
          report.measured,
          `${what}: some text was measured`
        ).toBeGreaterThan(0);
        expect(report.failures, `${what}: text below 4.5:1`).toEqual([]);
      };

      await page.menu.clickMenuItem('File>Save a Copy in Drive…');
      const userCode = await shownUserCode(page);
      await readable('sign-in dialog');
      await approveDeviceCode(request, userCode);

      const form = dialogTitled(page, 'Save a Copy in Drive');
      await expect(form).toBeVisible();
      await form.getByLabel('Anyone with the link can view').check();
      await readable('save form');
      await form.getByRole('button', { name: 'Save', exact: true }).click();

      const result = dialogTitled(page, 'Saved in Google Drive');
      await expect(result).toContainText('Anyone with the link can view it.');
      await result
        .getByRole('button', { name: 'Copy the Open in Colab link' })
        .click();
      await readable('result dialog');
      await result.getByRole('button', { name: 'Close', exact: true }).click();
      const [saved] = await driveNotebooks(request, name);
      expect(saved.anyoneReaders).toBe(1);

      await page.menu.clickMenuItem('File>Open from Google Drive…');
      const picker = dialogTitled(page, 'Open from Google Drive');
      await picker.getByRole('button', { name, exact: true }).click();
      await readable('open dialog');
      await closeDialogs(page);

      await editInColab(request, saved.id, '{}');
      await saveAgain(page);
      await expect(dialogTitled(page, 'Changed in Google Drive')).toBeVisible();
      await readable('conflict dialog');
      await closeDialogs(page);

      expect(outside).toEqual([]);
    });
  });
}
