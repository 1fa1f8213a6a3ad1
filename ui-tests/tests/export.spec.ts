import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs/promises';
import * as path from 'path';

const NOTEBOOK = 'export-me.ipynb';

const notebookJSON = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'a1',
      metadata: {},
      source: ['# Title\n', 'Some text']
    },
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'b2',
      metadata: {},
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['SECRET-OUTPUT\n'] }],
      source: ['%matplotlib inline\n', 'for i in range(3):\n', '    !echo $i\n', 'print("done")']
    }
  ],
  metadata: {
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python', file_extension: '.py' }
  },
  nbformat: 4,
  nbformat_minor: 5
};

test.describe('Export .py', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadContent(
      JSON.stringify(notebookJSON),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    );
  });

  test('the toolbar button downloads a valid Colab-style script', async ({
    page,
    tmpPath
  }, testInfo) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);

    const button = page.locator('.jp-cloudshare-ExportButton');
    await expect(button).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('toolbar.png') });
    if (process.env.CLOUDSHARE_SCREENSHOTS) {
      // The README's picture: `CLOUDSHARE_SCREENSHOTS=1 jlpm playwright test` refreshes it,
      // wide enough for the whole notebook toolbar.
      await page.setViewportSize({ width: 1440, height: 760 });
      await page.screenshot({ path: `${__dirname}/../../docs/images/notebook-toolbar.png` });
    }

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('export-me.py');
    const file = testInfo.outputPath('export-me.py');
    await download.saveAs(file);
    const text = await fs.readFile(file, 'utf-8');

    expect(text.startsWith('# -*- coding: utf-8 -*-\n')).toBe(true);
    expect(text).toContain('export-me.ipynb');
    expect(text).toContain('# # Title');
    expect(text).toContain('# Commented out IPython magic to ensure Python compatibility.');
    expect(text).toContain('# %matplotlib inline');
    expect(text).toContain('print("done")');
    // Outputs never reach the script.
    expect(text).not.toContain('SECRET-OUTPUT');
  });

  test('the chooser offers every flavour and downloads a percent script', async ({
    page,
    tmpPath
  }, testInfo) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);

    await page.locator('.jp-cloudshare-ExportChooser').click();
    const menu = page.locator('.jp-cloudshare-ExportMenu');
    await expect(menu).toBeVisible();
    await expect(menu.getByText('Colab layout (.py)')).toBeVisible();
    await expect(menu.getByText('IPython script')).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu.getByText('Percent cells (# %%)').click()
    ]);
    const file = testInfo.outputPath(path.basename(download.suggestedFilename()));
    await download.saveAs(file);
    const text = await fs.readFile(file, 'utf-8');
    expect(text).toContain('# %% [markdown]');
    expect(text).toContain('# %%\n');
    expect(text).not.toContain('SECRET-OUTPUT');
  });
});
