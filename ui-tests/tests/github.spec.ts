/**
 * "Push to GitHub" and "Save as Gist" in a real JupyterLab, against the
 * local fake GitHub started by playwright.config.js (fake-github-setup.js):
 * never the real GitHub.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  captureWindowOpen,
  expectClosed,
  expectFakeGitHub,
  FAKE_URL,
  notebookJSON,
  openedUrls,
  remoteFile,
  signOut,
  TOKEN
} from './helpers';

const NOTEBOOK = 'push-me.ipynb';

test.describe('Save a copy in GitHub', () => {
  test.beforeAll(() => {
    expectFakeGitHub();
  });

  test.beforeEach(async ({ page, tmpPath }) => {
    // Every test starts signed out (the data dir is a fresh temporary one too).
    await signOut(page);
    await page.contents.uploadContent(
      JSON.stringify(notebookJSON),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    );
  });

  test('signs in with a token, pushes with a Colab link and offers the links', async ({
    page,
    request,
    tmpPath
  }, testInfo) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await captureWindowOpen(page);

    const button = page.locator('[data-jp-item-name="cloudshare-push-github"]');
    await expect(button).toBeVisible();
    await expect(button).toContainText('Save to GitHub');
    await button.click();

    // Signed out: the sign-in dialog comes first.
    const signIn = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Sign in to GitHub' });
    await expect(signIn).toBeVisible();
    await expect(
      signIn.getByRole('link', { name: 'Create a token on GitHub' })
    ).toHaveAttribute(
      'href',
      `${FAKE_URL}/settings/tokens/new?scopes=repo,gist&description=jupyterlab-cloudshare`
    );
    const tokenInput = signIn.getByLabel('Paste a personal access token');
    await expect(tokenInput).toHaveAttribute('type', 'password');

    // A wrong token is refused inside the dialog.
    await tokenInput.fill('ghp_not_a_valid_token');
    await signIn.getByRole('button', { name: 'Sign In', exact: true }).click();
    await expect(signIn.locator('.jp-cloudshare-DialogStatus')).toContainText(
      'GitHub did not accept this token'
    );

    await tokenInput.fill(TOKEN);
    await page.screenshot({ path: testInfo.outputPath('sign-in.png') });
    await signIn.getByRole('button', { name: 'Sign In', exact: true }).click();

    // The push dialog: who is signed in, then the form.
    const dialog = page
      .locator('.jp-Dialog')
      .filter({ has: page.locator('.jp-cloudshare-PushForm') });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('.jp-cloudshare-Account')).toContainText(
      'Signed in as octocat'
    );

    const repo = dialog.getByRole('combobox', { name: 'Repository' });
    await repo.click();
    await repo.fill('hel');
    await dialog.getByRole('option', { name: 'octocat/hello' }).click();
    await expect(repo).toHaveValue('octocat/hello');
    const branch = dialog.locator('select[name="branch"]');
    await expect(branch).toHaveValue('main');
    await expect(dialog.getByLabel('File path')).toHaveValue(
      `${tmpPath}/${NOTEBOOK}`
    );
    await expect(dialog.getByLabel('Commit message')).toHaveValue(
      'Created using jupyterlab-cloudshare'
    );
    await expect(dialog.getByLabel('Include a link to Colab')).toBeChecked();
    await page.screenshot({ path: testInfo.outputPath('push-dialog.png') });

    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expectClosed(dialog);

    const targetPath = `${tmpPath}/${NOTEBOOK}`;
    const colabUrl = `https://colab.research.google.com/github/octocat/hello/blob/main/${targetPath}`;
    const toast = page
      .locator('.Toastify__toast')
      .filter({ hasText: `Saved ${targetPath}` });
    await expect(toast).toBeVisible();
    await expect(
      toast.getByRole('button', { name: 'Open on GitHub' })
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('pushed.png') });
    await toast.getByRole('button', { name: 'Open in Colab' }).click();
    expect(await openedUrls(page)).toEqual([colabUrl]);

    // The file landed on the (fake) GitHub, with Colab's badge cell first.
    const pushed = JSON.parse(
      await remoteFile(request, 'octocat/hello', targetPath, 'main')
    );
    expect(pushed.cells[0].cell_type).toBe('markdown');
    expect(
      pushed.cells[0].source.join
        ? pushed.cells[0].source.join('')
        : pushed.cells[0].source
    ).toContain(colabUrl);
    expect(pushed.metadata.colab.include_colab_link).toBe(true);
    expect(JSON.stringify(pushed.cells)).toContain('print(2 + 2)');

    // "Push again" goes straight to the last place, without the dialog.
    const again = await page.evaluate(async () => {
      const app = (
        window as unknown as {
          jupyterapp: {
            commands: {
              execute: (id: string, args: object) => Promise<unknown>;
            };
          };
        }
      ).jupyterapp;
      return app.commands.execute('cloudshare:push-github', { quick: true });
    });
    expect(again).toMatchObject({
      repo: 'octocat/hello',
      branch: 'main',
      path: targetPath
    });
  });

  test('saves a secret gist and remembers it in the notebook metadata', async ({
    page,
    request,
    tmpPath
  }) => {
    const signInResponse = await page.request.post('/cloudshare/github/auth', {
      data: { token: TOKEN }
    });
    expect(signInResponse.ok()).toBe(true);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await captureWindowOpen(page);

    await page.menu.clickMenuItem('File>Save a Copy as a GitHub Gist…');
    const dialog = page
      .locator('.jp-Dialog')
      .filter({ has: page.locator('.jp-cloudshare-GistForm') });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /Secret/ })).toBeChecked();
    await dialog.getByLabel('Without outputs').check();
    await dialog.getByRole('button', { name: 'Save Gist' }).click();
    await expectClosed(dialog);

    const toast = page
      .locator('.Toastify__toast')
      .filter({ hasText: 'Saved a new gist.' });
    await expect(toast).toBeVisible();
    await expect(
      toast.getByRole('button', { name: 'Open in Colab' })
    ).toBeVisible();
    await toast.getByRole('button', { name: 'Open gist' }).click();

    const metadata = (await page.evaluate(() => {
      const app = (
        window as unknown as {
          jupyterapp: {
            shell: {
              currentWidget: { model: { getMetadata: (k: string) => unknown } };
            };
          };
        }
      ).jupyterapp;
      return app.shell.currentWidget.model.getMetadata('cloudshare');
    })) as { gist: { id: string; url: string } };
    expect(metadata.gist.id).toBeTruthy();
    expect(await openedUrls(page)).toEqual([metadata.gist.url]);

    const gist = await request.get(`${FAKE_URL}/gists/${metadata.gist.id}`, {
      headers: { Authorization: `token ${TOKEN}` }
    });
    expect(gist.status()).toBe(200);
    const body = await gist.json();
    expect(body.public).toBe(false);
    const content = (Object.values(body.files)[0] as { content: string })
      .content;
    expect(content).toContain('print(2 + 2)');
    // "Without outputs": the stream output is gone.
    expect(JSON.parse(content).cells[1].outputs).toEqual([]);
  });

  test('hides sign-out until signed in and signs out a stored token', async ({
    page
  }) => {
    await page.goto();
    await page.menu.open('File');
    await expect(
      page.locator('.lm-Menu').getByText('Sign in to GitHub…')
    ).toBeVisible();
    await page.keyboard.press('Escape');

    await page.evaluate(async () => {
      const app = (
        window as unknown as {
          jupyterapp: {
            commands: { execute: (id: string) => Promise<unknown> };
          };
        }
      ).jupyterapp;
      void app.commands.execute('cloudshare:github-sign-in');
    });
    const signIn = page
      .locator('.jp-Dialog')
      .filter({ hasText: 'Sign in to GitHub' });
    await signIn.getByLabel('Paste a personal access token').fill(TOKEN);
    await signIn.getByRole('button', { name: 'Sign In', exact: true }).click();
    await expect(signIn).toHaveCount(0);

    await page.menu.clickMenuItem('File>Sign out of GitHub');
    await expect(
      page
        .locator('.Toastify__toast')
        .filter({ hasText: 'Signed out of GitHub.' })
    ).toBeVisible();
    const auth = await (
      await page.request.get('/cloudshare/github/auth')
    ).json();
    expect(auth.signedIn).toBe(false);
  });
});
