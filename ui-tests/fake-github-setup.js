/**
 * The local fake GitHub of the UI tests (tests/fakegithub, run from the repo
 * root), and a clean GitHub environment for the `jupyter lab` Galata starts.
 *
 * The fake is a Playwright `webServer` listed before `jupyter lab`, not a
 * `globalSetup`: Playwright starts web servers before global setup, so only a
 * web server can hand its URL to the `jupyter lab` it starts. It listens on
 * a free port and prints `{"url": ...}`; Playwright's `wait.stdout` pattern
 * stores the named group in process.env.CLOUDSHARE_FAKE_GITHUB_URL, which
 * `jupyter lab` (jupyter_server_test_config.py) and the test workers inherit.
 * Playwright stops it after the run. Its test-only `/_fake/...` control routes
 * (not GitHub) let a test approve or deny a device-flow code.
 *
 * Loading this module (in the runner, and again in each worker, which
 * inherit the runner's environment) also:
 * - removes GitHub tokens the developer's shell may hold, so the tests never
 *   reach a real account and start signed out;
 * - gives `jupyter lab` a fresh Jupyter data dir, so a token stored by the
 *   sign-in dialog does not outlive the run, and a fresh user-settings dir,
 *   so a theme the Notebook 7 specs choose (Galata mocks JupyterLab's
 *   settings, not Notebook 7's) stays in this run.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

for (const name of [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITHUB_ACCESS_TOKEN',
  'JUPYTERHUB_API_URL',
  'JUPYTERHUB_API_TOKEN',
  'JUPYTERHUB_USER'
]) {
  delete process.env[name];
}

if (!process.env.CLOUDSHARE_FAKE_GITHUB_TOKEN) {
  process.env.CLOUDSHARE_FAKE_GITHUB_TOKEN = `ghp_uitest${crypto.randomBytes(12).toString('hex')}`;
}
if (!process.env.CLOUDSHARE_UI_TEST_DATA_DIR) {
  process.env.CLOUDSHARE_UI_TEST_DATA_DIR = fs.mkdtempSync(
    path.join(os.tmpdir(), 'cloudshare-ui-data-')
  );
  process.env.JUPYTER_DATA_DIR = process.env.CLOUDSHARE_UI_TEST_DATA_DIR;
}
if (!process.env.CLOUDSHARE_UI_TEST_SETTINGS_DIR) {
  process.env.CLOUDSHARE_UI_TEST_SETTINGS_DIR = fs.mkdtempSync(
    path.join(os.tmpdir(), 'cloudshare-ui-settings-')
  );
  process.env.JUPYTERLAB_SETTINGS_DIR =
    process.env.CLOUDSHARE_UI_TEST_SETTINGS_DIR;
}

const repoRoot = path.resolve(__dirname, '..');
const python = path.join(repoRoot, '.venv', 'bin', 'python');

/** The fake GitHub's login, repository and token, for the tests. */
const fakeGitHub = {
  user: 'octocat',
  repo: 'octocat/hello',
  token: process.env.CLOUDSHARE_FAKE_GITHUB_TOKEN
};

/** The Playwright `webServer` entry that runs the fake GitHub. */
const fakeGitHubWebServer = {
  name: 'FakeGitHub',
  command: [
    JSON.stringify(python),
    '-m tests.fakegithub --port 0',
    `--user ${fakeGitHub.user} --token ${fakeGitHub.token}`,
    `--repo ${fakeGitHub.repo}`,
    // A 1 s device-flow interval keeps "Sign in with GitHub" tests short.
    '--device-interval 1'
  ].join(' '),
  cwd: repoRoot,
  wait: { stdout: /"url": "(?<cloudshare_fake_github_url>http[^"]+)"/ },
  timeout: 60 * 1000,
  stdout: 'ignore',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 5000 }
};

module.exports = { fakeGitHub, fakeGitHubWebServer };
