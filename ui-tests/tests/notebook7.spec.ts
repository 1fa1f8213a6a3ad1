/**
 * The same plugins in Jupyter Notebook 7: the notebook page served by the
 * same test server (the `notebook` server extension) shows the toolbar items
 * and "Export .py" downloads the script.
 */
import { expect, test } from '@playwright/test';
import * as fs from 'fs/promises';

const BASE = `http://localhost:${process.env.CLOUDSHARE_GALATA_PORT || '8888'}`;
const NAME = `nb7-${Date.now()}.ipynb`;

const notebook = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: 'Notebook 7 check'
    },
    {
      cell_type: 'code',
      execution_count: null,
      id: 'c1',
      metadata: {},
      outputs: [],
      source: '%load_ext autoreload\nvalue = 42'
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

test.beforeEach(async ({ request }) => {
  const response = await request.put(`${BASE}/api/contents/${NAME}`, {
    data: { type: 'notebook', format: 'json', content: notebook }
  });
  expect(response.status()).toBe(201);
});

test.afterEach(async ({ request }) => {
  await request.delete(`${BASE}/api/contents/${NAME}`);
});

test('Notebook 7 shows the cloudshare toolbar and exports a script', async ({
  page
}, testInfo) => {
  await page.goto(`${BASE}/notebooks/${NAME}`);
  const exportButton = page.locator('.jp-cloudshare-ExportButton');
  await expect(exportButton).toBeVisible({ timeout: 30000 });
  await expect(page.getByText('Save to GitHub')).toBeVisible();
  await expect(page.getByText('Share to Colab')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportButton.click()
  ]);
  expect(download.suggestedFilename()).toBe(NAME.replace('.ipynb', '.py'));
  const file = testInfo.outputPath('nb7.py');
  await download.saveAs(file);
  const text = await fs.readFile(file, 'utf-8');
  expect(text).toContain('# %load_ext autoreload');
  expect(text).toContain('value = 42');
});
