/**
 * The export commands against a real Jupyter Server with the extension: the
 * command reads the saved notebook through the API client and hands the
 * script to the browser as a download.
 */
import { JupyterServer } from '@jupyterlab/testing';
import { ServerConnection } from '@jupyterlab/services';
import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { CloudShareAPI } from '../../api';
import { CommandIDs, ICloudShare } from '../../tokens';
import { addExportCommands, formatLabel } from '../export';

const NOTEBOOK = {
  cells: [
    { cell_type: 'markdown', id: 'm', metadata: {}, source: '# Title' },
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'c',
      metadata: {},
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'OUTPUT-TEXT\n' }
      ],
      source: '%time x = 1\nprint(x)'
    }
  ],
  metadata: { language_info: { name: 'python', file_extension: '.py' } },
  nbformat: 4,
  nbformat_minor: 5
};

/** A notebook panel as far as the commands look at it. */
function fakePanel(path: string, dirty: boolean) {
  const panel = {
    saved: 0,
    context: {
      path,
      model: { dirty, readOnly: false },
      save: async () => {
        panel.saved += 1;
      }
    }
  };
  return panel;
}

describe('export commands', () => {
  const server = new JupyterServer();
  const trans = nullTranslator.load('jupyterlab_cloudshare');
  let commands: CommandRegistry;
  let panel: ReturnType<typeof fakePanel>;
  let downloads: { name: string; text: string }[];

  beforeAll(async () => {
    await server.start({ configData: { ServerApp: { allow_root: true } } });
    const settings = ServerConnection.makeSettings();
    const response = await ServerConnection.makeRequest(
      `${settings.baseUrl}api/contents/analysis.ipynb`,
      {
        method: 'PUT',
        body: JSON.stringify({
          type: 'notebook',
          format: 'json',
          content: NOTEBOOK
        })
      },
      settings
    );
    expect(response.status).toBe(201);
  }, 60000);

  afterAll(async () => {
    await server.shutdown();
  }, 30000);

  beforeEach(() => {
    downloads = [];
    // jsdom has no object URLs: keep each blob, and what the anchor names it.
    const blobs = new Map<string, Blob>();
    (URL as any).createObjectURL = (blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    };
    (URL as any).revokeObjectURL = () => undefined;
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function (this: HTMLAnchorElement) {
        const blob = blobs.get(this.getAttribute('href') ?? '');
        const entry = { name: this.download, text: '' };
        downloads.push(entry);
        if (blob) {
          const reader = new FileReader();
          reader.onload = () => {
            entry.text = String(reader.result);
          };
          reader.readAsText(blob);
        }
      });
    commands = new CommandRegistry();
    panel = fakePanel('analysis.ipynb', true);
    const api = new CloudShareAPI(ServerConnection.makeSettings());
    const cloudshare: ICloudShare = { api, config: api.getConfig() };
    addExportCommands({
      app: { commands } as any,
      tracker: { currentWidget: panel } as any,
      cloudshare,
      trans,
      userDefaultFormat: () => null
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const settle = () => new Promise(resolve => setTimeout(resolve, 50));

  it('saves unsaved edits, then downloads the admin default flavour', async () => {
    const errors: string[] = [];
    jest.spyOn(Notification, 'error').mockImplementation((message: string) => {
      errors.push(message);
      return '';
    });
    const name = await commands.execute(CommandIDs.exportPy, {});
    await settle();
    expect(errors).toEqual([]);
    expect(name).toBe('analysis.py');
    expect(panel.saved).toBe(1);
    expect(downloads).toHaveLength(1);
    expect(downloads[0].name).toBe('analysis.py');
    expect(downloads[0].text).toContain('# -*- coding: utf-8 -*-');
    expect(downloads[0].text).toContain('# %time x = 1');
    expect(downloads[0].text).not.toContain('OUTPUT-TEXT');
  });

  it('downloads the flavour a menu entry names', async () => {
    await commands.execute(CommandIDs.exportPyPercent, {});
    await settle();
    expect(downloads[0].text).toContain('# %% [markdown]');
    expect(downloads[0].text).toContain('# %time x = 1');
  });

  it('labels each flavour for menus', () => {
    expect(formatLabel('percent', trans)).toBe('Percent cells (# %%)');
    expect(commands.label(CommandIDs.exportPyScript)).toBe('IPython script');
    expect(commands.isEnabled(CommandIDs.exportPy)).toBe(true);
  });
});
