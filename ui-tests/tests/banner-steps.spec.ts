/**
 * The banner counts what the user sees (a table printed as text/plain and
 * text/html counts once), and "Show" walks cells, one step per cell, scrolls
 * to it and highlights the text found.
 */
import {
  expect as baseExpect,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

const expect = baseExpect.configure({ timeout: 20000 });
test.describe.configure({ timeout: 240000 });

const NOTEBOOK = 'banner-steps.ipynb';
const ROWS = 46;

const ssn = (i: number) => `536-22-${String(8400 + i).padStart(4, '0')}`;

/** One table, as pandas prints it in both representations. */
const plain =
  '   patient_name          ssn\n' +
  `0  Maria Lopez   ${ssn(0)}\n` +
  `1  John Smith    ${ssn(1)}\n`;
const html =
  '<table><thead><tr><th></th><th>patient_name</th><th>ssn</th></tr></thead><tbody>' +
  `<tr><th>0</th><td>Maria Lopez</td><td>${ssn(0)}</td></tr>` +
  `<tr><th>1</th><td>John Smith</td><td>${ssn(1)}</td></tr>` +
  '</tbody></table>';
const many =
  '      ssn\n' +
  Array.from({ length: ROWS }, (_, i) => `${i}  ${ssn(10 + i)}`).join('\n') +
  '\n';

const notebook = {
  cells: [
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'table',
      metadata: {},
      outputs: [
        {
          output_type: 'execute_result',
          execution_count: 1,
          metadata: {},
          data: { 'text/plain': plain, 'text/html': html }
        }
      ],
      source: 'df.head(2)'
    },
    {
      cell_type: 'code',
      execution_count: 2,
      id: 'many',
      metadata: {},
      outputs: [{ output_type: 'stream', name: 'stdout', text: many }],
      source: 'print(df[["ssn"]])'
    },
    ...Array.from({ length: 25 }, (_, i) => ({
      cell_type: 'markdown',
      id: `filler${i}`,
      metadata: {},
      source: `## Step ${i}\n\nNothing to see here, just prose.`
    })),
    {
      cell_type: 'code',
      execution_count: null,
      id: 'secret',
      metadata: {},
      outputs: [],
      source: 'aws_key = "AKIAQ3EGRT7XK2LMN4PB"'
    }
  ],
  metadata: {
    kernelspec: {
      display_name: 'Python 3',
      language: 'python',
      name: 'python3'
    },
    language_info: { name: 'python' }
  },
  nbformat: 4,
  nbformat_minor: 5
};

async function highlighted(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() => {
    const registry = (
      CSS as unknown as {
        highlights?: Map<string, Iterable<Range>>;
      }
    ).highlights;
    const marks = registry?.get('jp-cloudshare-finding');
    return marks ? [...marks].map(r => r.toString()) : [];
  });
}

test('the banner counts what is shown and "Show" steps through cells, highlighting', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/${NOTEBOOK}`
  );
  const scanned = page.waitForResponse(r =>
    r.url().includes('/cloudshare/scan')
  );
  await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  await page.notebook.activate(NOTEBOOK);
  await scanned;

  const banner = page.getByRole('region', { name: 'Sensitive data warning' });
  // 2 in the table (shown once, though printed twice) and 46 below.
  await expect(banner).toContainText(`Social Security numbers ×${2 + ROWS}`);

  const show = banner.getByRole('button', { name: 'Show' });
  const position = banner.locator('.jp-cloudshare-Banner-position');
  await show.click();
  await expect(position).toHaveText(/^1 of 3: .+ in the output of cell 1$/);
  await expect.poll(() => highlighted(page)).toContain(ssn(0));

  // The cell with 46 findings is one step.
  await show.click();
  await expect(position).toHaveText(
    `2 of 3: Social Security numbers ×${ROWS} in the output of cell 2`
  );
  await expect
    .poll(async () => (await highlighted(page)).length)
    .toBeGreaterThanOrEqual(ROWS);

  // The secret, far below: scrolled into view and highlighted in the source.
  await show.click();
  await expect(position).toHaveText(
    '3 of 3: AWS access keys in the source of cell 28'
  );
  await expect.poll(() => highlighted(page)).toEqual(['AKIAQ3EGRT7XK2LMN4PB']);
  await expect(
    page.locator('.jp-Notebook .jp-Cell.jp-mod-active')
  ).toBeInViewport();
});
