/**
 * Helpers of the Google Drive specs: the local fake Google (Drive and OAuth)
 * started by playwright.config.js (fake-google-setup.js), never Google.
 */
import { expect } from '@jupyterlab/galata';
import type { APIRequestContext, Locator, Page } from '@playwright/test';

/** The fake's OAuth root (it also answers the test-only `/_fake/...` routes). */
export const OAUTH_URL = process.env.CLOUDSHARE_FAKE_GOOGLE_OAUTH_URL ?? '';
/** The fake's Drive API root. */
export const API_URL = process.env.CLOUDSHARE_FAKE_GOOGLE_API_URL ?? '';
/** The fake's one account. */
export const EMAIL = 'ada@example.com';

/** A file on the fake Drive, as its test-only `/_fake/files` route shows it. */
export interface IFakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  /** Parent folders by name (My Drive is `root`). */
  parents: string[];
  owner: string;
  trashed: boolean;
  content: string;
  /** How many "anyone with the link can view" permissions the file has. */
  anyoneReaders: number;
}

/** Fail early when the fake Google did not start. */
export function expectFakeGoogle(): void {
  expect(
    OAUTH_URL,
    'the fake Google is started by playwright.config.js'
  ).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
}

/** Sign out of Google on the server (revokes and deletes a stored token). */
export async function signOutOfGoogle(page: Page): Promise<void> {
  const response = await page.request.delete('/cloudshare/drive/auth');
  expect(response.ok()).toBe(true);
  expect((await response.json()).signedIn).toBe(false);
}

/** Approve a device-flow code as the user would on Google (test-only route). */
export async function approveDeviceCode(
  request: APIRequestContext,
  userCode: string
): Promise<void> {
  const response = await request.post(`${OAUTH_URL}/_fake/device/approve`, {
    data: { user_code: userCode, email: EMAIL }
  });
  expect(response.status()).toBe(204);
}

/** The dialog of the device-flow sign-in. */
export function signInDialog(page: Page): Locator {
  return page
    .locator('.jp-Dialog')
    .filter({ has: page.locator('.jp-cloudshare-GoogleSignIn') });
}

/** The user code the sign-in dialog shows, once Google gave one. */
export async function shownUserCode(page: Page): Promise<string> {
  const code = signInDialog(page).locator('.jp-cloudshare-GoogleSignIn-code');
  await expect(code).toHaveText(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/, {
    timeout: 20000
  });
  return (await code.textContent()) ?? '';
}

/** Every file on the fake Drive. */
export async function driveFiles(
  request: APIRequestContext
): Promise<IFakeDriveFile[]> {
  const response = await request.get(`${OAUTH_URL}/_fake/files`);
  expect(response.status()).toBe(200);
  return (await response.json()).files;
}

/** The notebooks (not folders) on the fake Drive called `name`. */
export async function driveNotebooks(
  request: APIRequestContext,
  name: string
): Promise<IFakeDriveFile[]> {
  return (await driveFiles(request)).filter(
    f => f.name === name && f.mimeType === 'application/vnd.google.colaboratory'
  );
}

/** Change a file on the fake Drive as an edit in Colab would. */
export async function editInColab(
  request: APIRequestContext,
  id: string,
  content: string
): Promise<void> {
  const response = await request.post(`${OAUTH_URL}/_fake/files/edit`, {
    data: { id, content }
  });
  expect(response.status()).toBe(204);
}

/**
 * Record every request the page makes to another origin than this server's
 * (JupyterLab's): the Drive dialogs load nothing from Google, the fakes'
 * hosts or anyone else; only the server talks to Drive.
 */
export function recordOutsideRequests(page: Page): string[] {
  const server = new URL(page.url()).origin;
  const outside: string[] = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
      return;
    }
    const origin = `${url.protocol.replace('ws', 'http')}//${url.host}`;
    if (origin !== server) {
      outside.push(request.url());
    }
  });
  return outside;
}
