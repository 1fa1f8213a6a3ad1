/**
 * The local fake Google (Drive and OAuth; tests/fakedrive, run from the repo
 * root) of the UI tests, started like the fake GitHub (fake-github-setup.js):
 * a Playwright `webServer` listed before `jupyter lab`, printing
 * `{"api_url": ..., "oauth_url": ...}`; the `wait.stdout` pattern's named
 * groups become $CLOUDSHARE_FAKE_GOOGLE_API_URL and
 * $CLOUDSHARE_FAKE_GOOGLE_OAUTH_URL, which `jupyter lab`
 * (jupyter_server_test_config.py) and the test workers inherit, with the
 * OAuth client's id and secret made here. Its test-only `/_fake/...` routes
 * (on the OAuth host, not Google) let a test approve a device-flow code as
 * the user would, change a file as Colab would, and look at Drive.
 *
 * Loading this module also removes a Google token the developer's shell may
 * hold, so the tests never reach a real account and start signed out.
 */
const crypto = require('crypto');
const path = require('path');

delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;

if (!process.env.CLOUDSHARE_FAKE_GOOGLE_CLIENT_ID) {
  const id = crypto.randomBytes(6).toString('hex');
  process.env.CLOUDSHARE_FAKE_GOOGLE_CLIENT_ID = `uitest-${id}.apps.googleusercontent.com`;
  process.env.CLOUDSHARE_FAKE_GOOGLE_CLIENT_SECRET = `GOCSPX-uitest${crypto.randomBytes(12).toString('hex')}`;
}

const repoRoot = path.resolve(__dirname, '..');
const python = path.join(repoRoot, '.venv', 'bin', 'python');

/** The fake Google's account. */
const fakeGoogle = { email: 'ada@example.com', name: 'Ada Lovelace' };

/** The Playwright `webServer` entry that runs the fake Google. */
const fakeGoogleWebServer = {
  name: 'FakeGoogle',
  command: [
    JSON.stringify(python),
    '-m tests.fakedrive',
    `--account ${fakeGoogle.email} --name ${JSON.stringify(fakeGoogle.name)}`,
    `--client-id ${process.env.CLOUDSHARE_FAKE_GOOGLE_CLIENT_ID}`,
    `--client-secret ${process.env.CLOUDSHARE_FAKE_GOOGLE_CLIENT_SECRET}`,
    // A 1 s device-flow interval keeps "Sign in with Google" tests short.
    '--device-interval 1'
  ].join(' '),
  cwd: repoRoot,
  wait: {
    stdout:
      /"api_url": "(?<cloudshare_fake_google_api_url>http[^"]+)", "oauth_url": "(?<cloudshare_fake_google_oauth_url>http[^"]+)"/
  },
  timeout: 60 * 1000,
  stdout: 'ignore',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 5000 }
};

module.exports = { fakeGoogle, fakeGoogleWebServer };
