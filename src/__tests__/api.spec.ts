/**
 * The API client against a real Jupyter Server with the extension enabled
 * (started by @jupyterlab/testing's JupyterServer), so requests, auth and
 * error bodies are the server's own.
 */
import { JupyterServer } from '@jupyterlab/testing';
import { ServerConnection } from '@jupyterlab/services';
import {
  CloudShareAPI,
  CloudShareError,
  filenameFromDisposition
} from '../api';

const NOTEBOOK = {
  cells: [
    { cell_type: 'markdown', id: 'm', metadata: {}, source: 'Intro' },
    {
      cell_type: 'code',
      execution_count: null,
      id: 'c',
      metadata: {},
      outputs: [],
      source: '!pip list\nx = 1'
    }
  ],
  metadata: { language_info: { name: 'python', file_extension: '.py' } },
  nbformat: 4,
  nbformat_minor: 5
};

describe('filenameFromDisposition', () => {
  it('reads the RFC 5987 name first', () => {
    expect(
      filenameFromDisposition(
        'attachment; filename="r_sum_.py"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.py'
      )
    ).toBe('résumé.py');
  });
  it('reads a quoted plain name', () => {
    expect(filenameFromDisposition('attachment; filename="my nb.py"')).toBe(
      'my nb.py'
    );
  });
  it('gives null without a header', () => {
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('CloudShareAPI against a real server', () => {
  const server = new JupyterServer();
  let api: CloudShareAPI;

  beforeAll(async () => {
    // CI runs as root: the server refuses to start without allow_root.
    await server.start({ configData: { ServerApp: { allow_root: true } } });
    api = new CloudShareAPI(ServerConnection.makeSettings());
    const contents = ServerConnection.makeSettings();
    const url = `${contents.baseUrl}api/contents/demo.ipynb`;
    const response = await ServerConnection.makeRequest(
      url,
      {
        method: 'PUT',
        body: JSON.stringify({
          type: 'notebook',
          format: 'json',
          content: NOTEBOOK
        })
      },
      contents
    );
    expect(response.status).toBe(201);
  }, 60000);

  afterAll(async () => {
    await server.shutdown();
  }, 30000);

  it('reads the admin settings', async () => {
    const config = await api.getConfig();
    expect(config.exportDefaultFormat).toBe('colab');
    expect(config.features.export).toBe(true);
    expect(config.policy.export).toBe('off');
  });

  it('exports a notebook as a named script', async () => {
    const script = await api.exportScript('demo.ipynb', 'colab');
    expect(script.filename).toBe('demo.py');
    expect(script.content).toContain('# !pip list');
    expect(script.content).toContain('x = 1');
  });

  it('turns an error answer into a CloudShareError with its code', async () => {
    await expect(api.exportScript('missing.ipynb')).rejects.toMatchObject({
      status: 404,
      code: 'not_found'
    });
  });

  it('refuses to overwrite a saved script unless asked', async () => {
    const first = await api.exportBeside('demo.ipynb', 'percent', false);
    expect(first.path).toBe('demo.py');
    let error: unknown;
    try {
      await api.exportBeside('demo.ipynb', 'percent', false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudShareError);
    expect((error as CloudShareError).status).toBe(409);
    const again = await api.exportBeside('demo.ipynb', 'percent', true);
    expect(again.path).toBe('demo.py');
  });

  it('asks the policy before a share, which shares nothing', async () => {
    const settings = ServerConnection.makeSettings();
    const leak = {
      ...NOTEBOOK,
      cells: [
        {
          ...NOTEBOOK.cells[1],
          source: "aws_key = 'AKIAIOSFODNN7EXAMPLQ'"
        }
      ]
    };
    const put = await ServerConnection.makeRequest(
      `${settings.baseUrl}api/contents/leak.ipynb`,
      {
        method: 'PUT',
        body: JSON.stringify({
          type: 'notebook',
          format: 'json',
          content: leak
        })
      },
      settings
    );
    expect(put.status).toBe(201);
    const request = { path: 'leak.ipynb', repo: 'octocat/hello' };
    const refusal = await api.policyCheck('github/push', request);
    expect(refusal).toBeInstanceOf(CloudShareError);
    expect(refusal?.code).toBe('policy_warning');
    expect(refusal?.details.fingerprint).toEqual(expect.any(String));
    const acknowledged = await api.policyCheck('github/push', {
      ...request,
      acknowledge: refusal?.details.fingerprint
    });
    expect(acknowledged).toBeNull();
    expect(
      await api.policyCheck('github/gist', { path: 'demo.ipynb' })
    ).toBeNull();
  });
});
