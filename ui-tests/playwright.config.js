/**
 * Galata in Debian's Chromium: Playwright cannot download its own browsers
 * on these machines, so the system's /usr/bin/chromium is launched.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const { fakeGitHubWebServer } = require('./fake-github-setup');
const { fakeGoogleWebServer } = require('./fake-google-setup');

// One port for `jupyter lab` and the pages; CLOUDSHARE_GALATA_PORT lets two
// checkouts run their UI tests side by side on one machine.
const port = process.env.CLOUDSHARE_GALATA_PORT || '8888';
const baseURL = `http://localhost:${port}`;

module.exports = {
  ...baseConfig,
  timeout: 90000,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.CLOUDSHARE_GALATA_JSON || 'playwright-report/results.json' }]
  ],
  use: {
    ...baseConfig.use,
    baseURL,
    acceptDownloads: true,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: [
    // First: the local fake GitHub; its URL reaches `jupyter lab` (see the file).
    fakeGitHubWebServer,
    fakeGoogleWebServer,
    {
      command: `jlpm start --ServerApp.port=${port}`,
      url: `${baseURL}/lab`,
      timeout: 120 * 1000,
      reuseExistingServer: !process.env.CI
    }
  ]
};
