import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

const PHI_NOTEBOOK = 'patients.ipynb';
const CLEAN_NOTEBOOK = 'clean.ipynb';

const TABLE =
  '   patient_name          ssn        dob\n0  Maria Lopez   536-22-8410  1984-03-12\n';
const FILLER_CELLS = 30;

function notebook(cells: Record<string, unknown>[]): string {
  return JSON.stringify({
    cells,
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
  });
}

const code = (
  id: string,
  source: string,
  outputs: Record<string, unknown>[] = []
) => ({
  cell_type: 'code',
  execution_count: outputs.length ? 1 : null,
  id,
  metadata: {},
  outputs,
  source
});

const markdown = (id: string, source: string) => ({
  cell_type: 'markdown',
  id,
  metadata: {},
  source
});

/** PHI in outputs of cells 1 and 2; an AWS key in the source of the last cell, far below. */
const phiNotebook = notebook([
  markdown('intro', '# Clinic extract'),
  code('table', 'df = load_patients()\nprint(df)', [
    { output_type: 'stream', name: 'stdout', text: TABLE }
  ]),
  code('head', 'df.head(1)', [
    {
      output_type: 'execute_result',
      execution_count: 2,
      metadata: {},
      data: { 'text/plain': TABLE }
    }
  ]),
  ...Array.from({ length: FILLER_CELLS }, (_, i) =>
    markdown(`filler${i}`, `## Step ${i}\n\nNothing to see here, just prose.`)
  ),
  code('secret', 'aws_key = "AKIAQ3EGRT7XK2LMN4PB"\nprint("configured")')
]);
const SECRET_CELL = 3 + FILLER_CELLS;

const cleanNotebook = notebook([
  markdown('m', '# Plain analysis'),
  code('c', 'x = [1, 2, 3]\nprint(sum(x))', [
    { output_type: 'stream', name: 'stdout', text: '6\n' }
  ])
]);

async function activeCellIndex(page: IJupyterLabPageFixture): Promise<number> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: any }).jupyterapp;
    return app.shell.currentWidget.content.activeCellIndex as number;
  });
}

/** Open a notebook and wait until its first scan has answered. */
async function openAndScan(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  const scanned = page.waitForResponse(
    r => r.url().includes('/cloudshare/scan') && r.request().method() === 'GET'
  );
  await page.notebook.openByPath(path);
  await page.notebook.activate(path.split('/').pop()!);
  expect((await scanned).status()).toBe(200);
}

test.describe('Sensitive-data banner', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadContent(
      phiNotebook,
      'text',
      `${tmpPath}/${PHI_NOTEBOOK}`
    );
    await page.contents.uploadContent(
      cleanNotebook,
      'text',
      `${tmpPath}/${CLEAN_NOTEBOOK}`
    );
  });

  test('names the kinds found, walks through the findings and can be dismissed', async ({
    page,
    tmpPath
  }, testInfo) => {
    await openAndScan(page, `${tmpPath}/${PHI_NOTEBOOK}`);

    const banner = page.getByRole('region', { name: 'Sensitive data warning' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(
      'This notebook may hold protected health information or secrets'
    );
    await expect(banner).toContainText('Social Security numbers');
    await expect(banner).toContainText('AWS access keys');
    // The admin's caution (ui-tests/jupyter_server_test_config.py), its URL a link.
    await expect(banner).toContainText(
      'Public clouds are not the place for patient data'
    );
    await expect(
      banner.getByRole('link', { name: 'https://example.org/data-policy' })
    ).toHaveAttribute('href', 'https://example.org/data-policy');
    // Above the cells, in the notebook's content header.
    const bannerBox = (await banner.boundingBox())!;
    const cellsBox = (await page
      .locator('.jp-NotebookPanel-notebook')
      .first()
      .boundingBox())!;
    expect(bannerBox.y + bannerBox.height).toBeLessThanOrEqual(cellsBox.y + 1);
    await page.screenshot({ path: testInfo.outputPath('banner.png') });
    if (process.env.CLOUDSHARE_SCREENSHOTS) {
      // The README's picture: `CLOUDSHARE_SCREENSHOTS=1 jlpm playwright test` refreshes it,
      // wide enough for the whole notebook toolbar.
      await page.setViewportSize({ width: 1440, height: 760 });
      await page.screenshot({ path: `${__dirname}/../../docs/images/sensitive-data-banner.png` });
    }

    const show = banner.getByRole('button', { name: 'Show' });
    const position = banner.locator('.jp-cloudshare-Banner-position');
    await show.click();
    await expect(position).toHaveText(
      /^1 of (\d+): .+ in the output of cell 2$/
    );
    expect(await activeCellIndex(page)).toBe(1);
    const total = Number(/of (\d+)/.exec((await position.textContent())!)![1]);
    expect(total).toBeGreaterThanOrEqual(3);

    // Each click moves on; the cells visited never go backwards and end on the secret.
    let previous = 1;
    for (let i = 2; i <= total; i++) {
      await show.click();
      await expect(position).toHaveText(new RegExp(`^${i} of ${total}: `));
      const index = await activeCellIndex(page);
      expect(index).toBeGreaterThanOrEqual(previous);
      previous = index;
    }
    await expect(position).toHaveText(
      `${total} of ${total}: AWS access keys in the source of cell ${SECRET_CELL + 1}`
    );
    expect(previous).toBe(SECRET_CELL);
    // Scrolled to it, far below the first screen.
    await expect(
      page.locator('.jp-Notebook .jp-Cell.jp-mod-active')
    ).toBeInViewport();
    await expect(
      page.locator('.jp-Notebook .jp-Cell.jp-mod-active')
    ).toContainText('aws_key');

    // Wraps around.
    await show.click();
    await expect(position).toHaveText(new RegExp(`^1 of ${total}: `));
    expect(await activeCellIndex(page)).toBe(1);

    // Keyboard: the buttons are reachable and work with Enter.
    // ("Share without outputs" is skipped while disabled.)
    const dismiss = banner.getByRole('button', { name: 'Dismiss' });
    await show.focus();
    for (
      let i = 0;
      i < 4 && !(await dismiss.evaluate(b => b === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(dismiss).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(banner).toBeHidden();

    // "Check for Sensitive Data" brings it back.
    await page.evaluate(() =>
      (window as unknown as { jupyterapp: any }).jupyterapp.commands.execute(
        'cloudshare:scan'
      )
    );
    await expect(banner).toBeVisible();
  });

  test('clearing the outputs and saving leaves only the secret in the source', async ({
    page,
    tmpPath
  }) => {
    await openAndScan(page, `${tmpPath}/${PHI_NOTEBOOK}`);
    const banner = page.getByRole('region', { name: 'Sensitive data warning' });
    await expect(banner).toContainText('Social Security numbers');

    await banner.getByRole('button', { name: 'Clear outputs' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Clear all outputs?');
    await dialog.getByRole('button', { name: 'Clear outputs' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.locator('.jp-Notebook .jp-OutputArea-output')
    ).toHaveCount(0);
    await expect(banner).toContainText('Save the notebook to check it again');

    const rescanned = page.waitForResponse(r =>
      r.url().includes('/cloudshare/scan')
    );
    await page.notebook.save();
    await rescanned;
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('AWS access keys');
    await expect(banner).not.toContainText('Social Security numbers');
  });

  test('a clean notebook shows no banner; the command says so', async ({
    page,
    tmpPath
  }) => {
    await openAndScan(page, `${tmpPath}/${CLEAN_NOTEBOOK}`);
    await expect(page.locator('.jp-cloudshare-Banner')).toBeHidden();

    await page.evaluate(() =>
      (window as unknown as { jupyterapp: any }).jupyterapp.commands.execute(
        'cloudshare:scan'
      )
    );
    await expect(page.getByText('No sensitive data found')).toBeVisible();
    await expect(page.locator('.jp-cloudshare-Banner')).toBeHidden();
  });

  test('"Check for Sensitive Data" is in the File menu', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.openByPath(`${tmpPath}/${CLEAN_NOTEBOOK}`);
    await page.menu.open('File');
    await expect(
      page.getByRole('menuitem', { name: 'Check for Sensitive Data' })
    ).toBeVisible();
  });
});
