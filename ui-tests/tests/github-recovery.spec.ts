/**
 * The recovery paths of "Save a copy in GitHub" and of sign-in, in a real
 * JupyterLab against the local fake GitHub (fake-github-setup.js):
 * - a push that meets a change made on GitHub since the last push (409
 *   `remote_changed`): Cancel, Push to a New Branch, Overwrite;
 * - a push the sensitive-data policy refuses (`policy_warning`, asked first
 *   with `"policyCheck": true`, the 422 of a push the fallback): Cancel,
 *   Share anyway, Share without outputs;
 * - "Sign in with GitHub" (the OAuth device flow), approved or denied through
 *   the fake's test-only control routes (`/_fake/device/...`, not GitHub).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  branchHead,
  cellSource,
  changeRemoteFile,
  commitParents,
  expectFakeGitHub,
  FAKE_URL,
  notebookJSON,
  pushFromDialog,
  REPO,
  remoteEntry,
  remoteFile,
  signInWithToken,
  signOut
} from './helpers';

/** A notebook as GitHub would hold it after someone else's edit. */
const REMOTE_EDIT = JSON.stringify({
  ...notebookJSON,
  cells: [
    {
      cell_type: 'markdown',
      id: 'r1',
      metadata: {},
      source: ['Edited on GitHub by someone else.']
    }
  ]
});

/** An AWS access key id shaped secret (not a real one). */
const AWS_KEY = 'AKIA' + 'Q3ZT7XK2M9PLW4RB';

/** Upload a notebook to the test's folder and open it. */
async function openNotebook(
  page: IJupyterLabPageFixture,
  path: string,
  content: object
): Promise<void> {
  await page.contents.uploadContent(JSON.stringify(content), 'text', path);
  await page.notebook.openByPath(path);
  await page.notebook.activate(path.split('/').pop() ?? path);
}

/** The toast that reports a push of `path`. */
function pushedToast(page: Page, path: string) {
  return page.locator('.Toastify__toast').filter({ hasText: `Saved ${path}` });
}

test.describe('Save a copy in GitHub: recovery', () => {
  test.beforeAll(() => {
    expectFakeGitHub();
  });

  test.beforeEach(async ({ page }) => {
    await signOut(page);
  });

  test.describe('the file changed on GitHub since the last push', () => {
    const NOTEBOOK = 'conflict.ipynb';

    /**
     * Push the notebook, change it on GitHub behind the extension's back and
     * push again: the conflict dialog. Returns the remote change's commit.
     */
    async function meetConflict(
      page: IJupyterLabPageFixture,
      request: APIRequestContext,
      path: string
    ): Promise<string> {
      await signInWithToken(page);
      await openNotebook(page, path, notebookJSON);
      await pushFromDialog(page);
      // Hide the first push's toast, so that only the second one can match later.
      const first = pushedToast(page, path);
      await expect(first).toBeVisible();
      await first.getByTitle('Hide notification').click();
      await expect(first).toHaveCount(0);

      const remoteCommit = await changeRemoteFile(
        request,
        REPO,
        path,
        'main',
        REMOTE_EDIT
      );
      expect(await branchHead(request, REPO, 'main')).toBe(remoteCommit);

      await pushFromDialog(page);
      const conflict = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'The file changed on GitHub' });
      await expect(conflict).toBeVisible();
      await expect(conflict).toContainText(path);
      for (const name of ['Overwrite', 'Push to a New Branch', 'Cancel']) {
        await expect(
          conflict.getByRole('button', { name, exact: true })
        ).toBeVisible();
      }
      return remoteCommit;
    }

    test('Cancel leaves the remote as it was', async ({
      page,
      request,
      tmpPath
    }) => {
      const path = `${tmpPath}/${NOTEBOOK}`;
      const remoteCommit = await meetConflict(page, request, path);
      const conflict = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'The file changed on GitHub' });
      await conflict
        .getByRole('button', { name: 'Cancel', exact: true })
        .click();
      await expect(conflict).toHaveCount(0);

      expect(await remoteFile(request, REPO, path, 'main')).toBe(REMOTE_EDIT);
      expect(await branchHead(request, REPO, 'main')).toBe(remoteCommit);
      await expect(
        page.locator('.Toastify__toast').filter({ hasText: 'failed' })
      ).toHaveCount(0);
    });

    test('Push to a New Branch keeps the change on main', async ({
      page,
      request,
      tmpPath
    }) => {
      const path = `${tmpPath}/${NOTEBOOK}`;
      const remoteCommit = await meetConflict(page, request, path);
      await page
        .locator('.jp-Dialog')
        .filter({ hasText: 'The file changed on GitHub' })
        .getByRole('button', { name: 'Push to a New Branch', exact: true })
        .click();

      const naming = page
        .locator('.jp-Dialog')
        .filter({ hasText: 'Push to a new branch' });
      await expect(naming).toBeVisible();
      const input = naming.getByLabel('New branch name (created from main)');
      await expect(input).not.toHaveValue('');
      const branch = `recovery-${Date.now()}`;
      await input.fill(branch);
      await naming.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(naming).toHaveCount(0);

      await expect(
        page.locator('.Toastify__toast').filter({
          hasText: `Saved ${path} in ${REPO} on the new branch ${branch}.`
        })
      ).toBeVisible();
      // The new branch: our notebook, on top of main's head.
      const ours = JSON.parse(await remoteFile(request, REPO, path, branch));
      expect(JSON.stringify(ours.cells)).toContain('print(2 + 2)');
      const head = await branchHead(request, REPO, branch);
      expect(head).not.toBeNull();
      expect(await commitParents(request, REPO, head as string)).toEqual([
        remoteCommit
      ]);
      // main: still the change made on GitHub.
      expect(await branchHead(request, REPO, 'main')).toBe(remoteCommit);
      expect(await remoteFile(request, REPO, path, 'main')).toBe(REMOTE_EDIT);
    });

    test('Overwrite commits on top of the change', async ({
      page,
      request,
      tmpPath
    }) => {
      const path = `${tmpPath}/${NOTEBOOK}`;
      const remoteCommit = await meetConflict(page, request, path);
      await page
        .locator('.jp-Dialog')
        .filter({ hasText: 'The file changed on GitHub' })
        .getByRole('button', { name: 'Overwrite', exact: true })
        .click();

      await expect(
        page
          .locator('.Toastify__toast')
          .filter({ hasText: `Saved ${path} in ${REPO} (main).` })
      ).toBeVisible();
      const ours = JSON.parse(await remoteFile(request, REPO, path, 'main'));
      expect(JSON.stringify(ours.cells)).toContain('print(2 + 2)');
      expect(JSON.stringify(ours.cells)).not.toContain('Edited on GitHub');
      // A normal commit whose parent is the remote change: no history lost.
      const head = await branchHead(request, REPO, 'main');
      expect(head).not.toBe(remoteCommit);
      expect(await commitParents(request, REPO, head as string)).toEqual([
        remoteCommit
      ]);
    });
  });

  test.describe('the sensitive-data policy warns', () => {
    const policyDialog = (page: Page) =>
      page
        .locator('.jp-Dialog')
        .filter({ hasText: 'This notebook may hold sensitive data' });

    test('Cancel sends nothing, Share anyway pushes', async ({
      page,
      request,
      tmpPath
    }) => {
      const path = `${tmpPath}/secret-in-source.ipynb`;
      await signInWithToken(page);
      await openNotebook(page, path, {
        ...notebookJSON,
        cells: [
          {
            cell_type: 'code',
            execution_count: null,
            id: 's1',
            metadata: {},
            outputs: [],
            source: [`aws_key = "${AWS_KEY}"`]
          }
        ]
      });

      await pushFromDialog(page);
      const dialog = policyDialog(page);
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('AWS access keys');
      const row = dialog.locator(
        '.jp-cloudshare-PolicyDialog-findings tbody tr'
      );
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('source');
      // The excerpt is masked: never the whole key.
      const excerpt = await row
        .locator('.jp-cloudshare-PolicyDialog-excerpt')
        .textContent();
      expect(excerpt).toBeTruthy();
      expect(excerpt).not.toContain(AWS_KEY);
      expect(await dialog.textContent()).not.toContain(AWS_KEY);
      // The finding is in a source: no "Share without outputs".
      await expect(
        dialog.getByRole('button', { name: 'Share without outputs' })
      ).toHaveCount(0);

      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      expect((await remoteEntry(request, REPO, path, 'main')).status).toBe(404);

      await pushFromDialog(page);
      await expect(dialog).toBeVisible();
      await dialog
        .getByRole('button', { name: 'Share anyway', exact: true })
        .click();
      await expect(dialog).toHaveCount(0);
      await expect(pushedToast(page, path)).toBeVisible();
      expect(await remoteFile(request, REPO, path, 'main')).toContain(AWS_KEY);
    });

    test('Share without outputs pushes a copy with no outputs', async ({
      page,
      request,
      tmpPath
    }) => {
      const path = `${tmpPath}/secret-in-output.ipynb`;
      await signInWithToken(page);
      await openNotebook(page, path, {
        ...notebookJSON,
        cells: [
          {
            cell_type: 'code',
            execution_count: 1,
            id: 'o1',
            metadata: {},
            outputs: [
              {
                output_type: 'stream',
                name: 'stdout',
                text: [`${AWS_KEY}\n`]
              }
            ],
            source: ['import os\n', 'print(os.environ["AWS_ACCESS_KEY_ID"])']
          }
        ]
      });

      await pushFromDialog(page);
      const dialog = policyDialog(page);
      await expect(dialog).toBeVisible();
      await expect(
        dialog.locator('.jp-cloudshare-PolicyDialog-findings tbody tr')
      ).toContainText('output');
      await expect(
        dialog.locator('.jp-cloudshare-PolicyDialog-hint')
      ).toContainText('Every finding is in a cell output');
      expect(await dialog.textContent()).not.toContain(AWS_KEY);
      await dialog
        .getByRole('button', { name: 'Share without outputs', exact: true })
        .click();
      await expect(dialog).toHaveCount(0);
      await expect(pushedToast(page, path)).toBeVisible();

      const pushed = await remoteFile(request, REPO, path, 'main');
      expect(pushed).not.toContain(AWS_KEY);
      const code = JSON.parse(pushed).cells.filter(
        (c: { cell_type: string }) => c.cell_type === 'code'
      );
      expect(code).toHaveLength(1);
      expect(cellSource(code[0])).toContain('AWS_ACCESS_KEY_ID');
      expect(code[0].outputs).toEqual([]);
    });
  });
});

test.describe('Sign in with GitHub (device flow)', () => {
  test.beforeAll(() => {
    expectFakeGitHub();
  });

  test.beforeEach(async ({ page }) => {
    await signOut(page);
    await page.goto();
    await page.menu.clickMenuItem('File>Sign in to GitHub…');
  });

  /** Start the device flow in the sign-in dialog; the user code it shows. */
  async function startDeviceFlow(page: Page): Promise<string> {
    const signIn = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Sign in to GitHub' });
    await expect(signIn).toBeVisible();
    await signIn
      .getByRole('button', { name: 'Sign in with GitHub', exact: true })
      .click();
    const code = signIn.locator('.jp-cloudshare-DeviceFlow-code');
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    await expect(
      signIn.getByRole('link', { name: 'Open GitHub' })
    ).toHaveAttribute('href', `${FAKE_URL}/login/device`);
    await expect(signIn.locator('.jp-cloudshare-DeviceFlow')).toContainText(
      'Waiting for you to authorize on GitHub'
    );
    return (await code.textContent()) ?? '';
  }

  /** Approve or deny a user code as the user would on GitHub (test-only route). */
  async function answer(
    request: APIRequestContext,
    action: 'approve' | 'deny',
    userCode: string
  ): Promise<void> {
    const response = await request.post(`${FAKE_URL}/_fake/device/${action}`, {
      data: { user_code: userCode, login: 'octocat' }
    });
    expect(response.status()).toBe(204);
  }

  test('signs in once the code is approved on GitHub', async ({
    page,
    request
  }) => {
    const userCode = await startDeviceFlow(page);
    await answer(request, 'approve', userCode);

    const signIn = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Sign in to GitHub' });
    await expect(signIn).toHaveCount(0, { timeout: 30000 });
    await expect(
      page
        .locator('.Toastify__toast')
        .filter({ hasText: 'Signed in to GitHub as octocat' })
    ).toBeVisible();
    const auth = await (
      await page.request.get('/cloudshare/github/auth')
    ).json();
    expect(auth).toMatchObject({ signedIn: true, login: 'octocat' });
    // The token stays on the server.
    expect(JSON.stringify(auth)).not.toMatch(/gho_/);
  });

  test('says so when the sign-in is denied on GitHub', async ({
    page,
    request
  }) => {
    const userCode = await startDeviceFlow(page);
    await answer(request, 'deny', userCode);

    const signIn = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Sign in to GitHub' });
    await expect(signIn.getByRole('alert')).toContainText(
      'The sign-in was denied on GitHub.',
      { timeout: 30000 }
    );
    // The user can start again, or cancel.
    await expect(
      signIn.getByRole('button', { name: 'Sign in with GitHub', exact: true })
    ).toBeEnabled();
    await signIn.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(signIn).toHaveCount(0);
    const auth = await (
      await page.request.get('/cloudshare/github/auth')
    ).json();
    expect(auth.signedIn).toBe(false);
  });
});
