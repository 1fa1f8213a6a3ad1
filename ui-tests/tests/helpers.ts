/**
 * Helpers shared by the GitHub specs: the local fake GitHub started by
 * playwright.config.js (fake-github-setup.js), never the real GitHub.
 */
import { expect } from '@jupyterlab/galata';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The fake GitHub's root (API and web), and octocat's token on it. */
export const FAKE_URL = process.env.CLOUDSHARE_FAKE_GITHUB_URL ?? '';
export const TOKEN = process.env.CLOUDSHARE_FAKE_GITHUB_TOKEN ?? '';
/** The repository the fake creates (with a README on main). */
export const REPO = 'octocat/hello';

/** A small notebook: a markdown cell and a code cell with an output. */
export const notebookJSON = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: ['# Growth model\n', 'A small demo.']
    },
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'c1',
      metadata: {},
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['4\n'] }],
      source: ['print(2 + 2)']
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

/** Fail early when the fake GitHub did not start. */
export function expectFakeGitHub(): void {
  expect(
    FAKE_URL,
    'the fake GitHub is started by playwright.config.js'
  ).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
}

/** Record the URLs the page opens instead of leaving the sandbox. */
export async function captureWindowOpen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __opened: string[] };
    w.__opened = [];
    window.open = ((url?: string | URL) => {
      w.__opened.push(String(url));
      return null;
    }) as typeof window.open;
  });
}

/** The URLs recorded by {@link captureWindowOpen}. */
export async function openedUrls(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __opened: string[] }).__opened
  );
}

/** Wait for a busy dialog to close; on failure, say what its status line shows. */
export async function expectClosed(dialog: Locator): Promise<void> {
  await expect
    .poll(
      async () =>
        (await dialog.count()) === 0
          ? 'closed'
          : `open: ${(await dialog.locator('.jp-cloudshare-DialogStatus').allTextContents()).join(' ')}`,
      { timeout: 30000 }
    )
    .toBe('closed');
}

/** Sign in to the (fake) GitHub through the server's API, without the dialog. */
export async function signInWithToken(page: Page): Promise<void> {
  const response = await page.request.post('/cloudshare/github/auth', {
    data: { token: TOKEN }
  });
  expect(response.ok()).toBe(true);
}

/** Start signed out (the Jupyter data dir is a fresh temporary one too). */
export async function signOut(page: Page): Promise<void> {
  const response = await page.request.delete('/cloudshare/github/auth');
  expect(response.ok()).toBe(true);
}

/** The dialog whose body is the push form. */
export function pushDialog(page: Page): Locator {
  return page
    .locator('.jp-Dialog')
    .filter({ has: page.locator('.jp-cloudshare-PushForm') });
}

/**
 * Open the push dialog of the current notebook with the toolbar button and
 * press Push, with octocat/hello picked when the form has no repository yet.
 */
export async function pushFromDialog(page: Page): Promise<void> {
  await page.locator('[data-jp-item-name="cloudshare-push-github"]').click();
  const dialog = pushDialog(page);
  await expect(dialog).toBeVisible();
  const repo = dialog.getByRole('combobox', { name: 'Repository' });
  if ((await repo.inputValue()) !== REPO) {
    await repo.click();
    await repo.fill('hel');
    await dialog.getByRole('option', { name: REPO }).click();
    await expect(repo).toHaveValue(REPO);
  }
  await expect(dialog.locator('select[name="branch"]')).not.toHaveValue('');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expectClosed(dialog);
}

/** Headers of a request to the fake GitHub's REST API with octocat's token. */
export function fakeHeaders(): Record<string, string> {
  return {
    Authorization: `token ${TOKEN}`,
    Accept: 'application/vnd.github+json'
  };
}

function contentsUrl(repo: string, path: string): string {
  return `${FAKE_URL}/repos/${repo}/contents/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The fake GitHub's answer for a file (status and JSON body, if any). */
export async function remoteEntry(
  request: APIRequestContext,
  repo: string,
  path: string,
  ref: string
): Promise<{ status: number; body: { sha: string; content: string } }> {
  const response = await request.get(
    `${contentsUrl(repo, path)}?ref=${encodeURIComponent(ref)}`,
    { headers: fakeHeaders() }
  );
  return { status: response.status(), body: await response.json() };
}

/** A file of the fake GitHub, read through its REST API with the test's token. */
export async function remoteFile(
  request: APIRequestContext,
  repo: string,
  path: string,
  ref: string
): Promise<string> {
  const { status, body } = await remoteEntry(request, repo, path, ref);
  expect(status).toBe(200);
  return Buffer.from(body.content, 'base64').toString('utf-8');
}

/**
 * Change a file on the fake GitHub behind the extension's back, as someone
 * else's push would: a contents PUT with the current blob sha. Returns the
 * new commit's sha.
 */
export async function changeRemoteFile(
  request: APIRequestContext,
  repo: string,
  path: string,
  branch: string,
  content: string
): Promise<string> {
  const current = await remoteEntry(request, repo, path, branch);
  expect(current.status).toBe(200);
  const response = await request.put(contentsUrl(repo, path), {
    headers: fakeHeaders(),
    data: {
      message: 'Edited on GitHub',
      content: Buffer.from(content, 'utf-8').toString('base64'),
      sha: current.body.sha,
      branch
    }
  });
  expect(response.status()).toBe(200);
  return (await response.json()).commit.sha;
}

/** The head commit of a branch of the fake GitHub, or null when there is none. */
export async function branchHead(
  request: APIRequestContext,
  repo: string,
  branch: string
): Promise<string | null> {
  const response = await request.get(
    `${FAKE_URL}/repos/${repo}/git/ref/heads/${encodeURIComponent(branch)}`,
    { headers: fakeHeaders() }
  );
  if (response.status() === 404) {
    return null;
  }
  expect(response.status()).toBe(200);
  return (await response.json()).object.sha;
}

/** The parents of a commit of the fake GitHub. */
export async function commitParents(
  request: APIRequestContext,
  repo: string,
  sha: string
): Promise<string[]> {
  const response = await request.get(
    `${FAKE_URL}/repos/${repo}/git/commits/${sha}`,
    { headers: fakeHeaders() }
  );
  expect(response.status()).toBe(200);
  const body = await response.json();
  return (body.parents as { sha: string }[]).map(p => p.sha);
}

/** The joined source of a cell of a notebook read from JSON. */
export function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** The server's root directory, as JupyterLab's page config reports it. */
export async function serverRoot(page: Page): Promise<string> {
  const root = await page.evaluate(() => {
    const data = document.getElementById('jupyter-config-data');
    return (JSON.parse(data?.textContent ?? '{}').serverRoot as string) ?? '';
  });
  return root.startsWith('~') ? path.join(os.homedir(), root.slice(1)) : root;
}

/** Run git in `cwd` with a throw-away identity; its standard output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Share Test',
      '-c',
      'user.email=share@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args
    ],
    { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }
  );
}

/** What {@link watchPage} records while a page is used. */
export interface IPageWatch {
  /** Console errors and uncaught exceptions from the extension's code. */
  extensionErrors: string[];
  /**
   * The console errors the browser itself logs for the extension's requests
   * answered with an error status ("Failed to load resource: ... 422 ...
   * /cloudshare/github/push"): a refusal the server means, such as the
   * sensitive-data policy's, shows there too.
   */
  failedRequests: string[];
  /** Every console error and uncaught exception, for context in a failure. */
  allErrors: string[];
  /**
   * Requests to any origin other than the Jupyter server's own: GitHub's
   * stand-in (the local fake GitHub) counts as outside, as GitHub would.
   */
  outside: string[];
}

/**
 * Record, from now on, the console errors of `page` that come from the
 * extension (its bundle, its `/cloudshare/` endpoints or its messages) and
 * every request the page makes to an origin other than the Jupyter
 * server's (the test's `baseURL`, or `origin`).
 */
export function watchPage(page: Page, origin?: string): IPageWatch {
  const watch: IPageWatch = {
    extensionErrors: [],
    failedRequests: [],
    allErrors: [],
    outside: []
  };
  const ours = (text: string) => /cloudshare/i.test(text);
  page.on('console', message => {
    if (message.type() !== 'error') {
      return;
    }
    const line = `${message.text()} (${message.location().url ?? ''})`;
    watch.allErrors.push(line);
    if (!ours(line)) {
      return;
    }
    if (message.text().startsWith('Failed to load resource')) {
      watch.failedRequests.push(line);
    } else {
      watch.extensionErrors.push(line);
    }
  });
  page.on('pageerror', error => {
    const line = `${error.message}\n${error.stack ?? ''}`;
    watch.allErrors.push(line);
    if (ours(line)) {
      watch.extensionErrors.push(line);
    }
  });
  page.on('request', request => {
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
      return;
    }
    const own = origin ?? page.url();
    // ws:// to the server's own host and port is the server too.
    if (own.startsWith('http') && url.host !== new URL(own).host) {
      watch.outside.push(request.url());
    }
  });
  return watch;
}

/**
 * A second `jupyter lab` (with the UI tests' server config) on a free port,
 * with `env` added to its environment and `args` to its command line: for
 * what only the server's start can set (a token in the environment, an
 * admin's setting). Its `stop()` ends it.
 */
export async function startSecondServer(
  env: Record<string, string>,
  args: string[] = []
): Promise<{ url: string; root: string; stop: () => Promise<void> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudshare-second-'));
  const child = spawn(
    'jupyter',
    [
      'lab',
      '--config',
      'jupyter_server_test_config.py',
      '--ServerApp.port=0',
      `--ServerApp.root_dir=${root}`,
      ...args
    ],
    {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the second server did not start:\n${log}`)),
      120000
    );
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const found = /(http:\/\/(?:localhost|127\.0\.0\.1):\d+)\/lab/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the second server exited (${code}):\n${log}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { url, root, stop };
}

/**
 * Someone else's push of one file (new or changed) to the fake GitHub,
 * through its test-only `POST /_fake/commit` control route (not GitHub's
 * API: not recorded, no token needed). Returns the new commit's sha.
 */
export async function commitRemote(
  request: APIRequestContext,
  repo: string,
  branch: string,
  path: string,
  content: string
): Promise<string> {
  const [owner, name] = repo.split('/');
  const response = await request.post(`${FAKE_URL}/_fake/commit`, {
    data: { owner, repo: name, branch, path, content }
  });
  expect(response.status()).toBe(200);
  return (await response.json()).sha;
}
