import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type {
  ExportFormat,
  IBranches,
  IBranchNotebooks,
  IColabShare,
  IDeviceFlowPoll,
  IDeviceFlowStart,
  IDriveAuth,
  IDriveDevicePoll,
  IDriveDeviceStart,
  IDriveLast,
  IDriveList,
  IDriveOpenRequest,
  IDriveOpenResult,
  IDriveSaveRequest,
  IDriveSaveResult,
  IErrorBody,
  IExportedScript,
  IGistRequest,
  IGistResult,
  IGitHubAuth,
  ILastShare,
  ILinksResult,
  IOpenRequest,
  IOpenResult,
  IOwnerRepos,
  IPolicyCheck,
  IPullRequestResult,
  IPullResult,
  IPushRequest,
  IPushResult,
  IRepoPage,
  IScanResult,
  IServerConfig,
  ISyncStatus,
  PullResolution
} from './tokens';

/**
 * An error answered by the cloudshare server: a stable code, a message for
 * the user, the HTTP status and optional details (e.g. policy findings).
 */
export class CloudShareError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { [key: string]: any } = {}
  ) {
    super(message);
    this.name = 'CloudShareError';
  }
}

/**
 * The one client that talks to the cloudshare server endpoints.
 *
 * Every request goes through `ServerConnection.makeRequest`, so it carries
 * the server's authentication and XSRF protection; no credential is ever
 * handled here.
 */
export class CloudShareAPI {
  constructor(
    readonly serverSettings: ServerConnection.ISettings = ServerConnection.makeSettings()
  ) {}

  /** The admin's settings. */
  getConfig(): Promise<IServerConfig> {
    return this.requestJSON<IServerConfig>('config');
  }

  /** A notebook exported as a script (for a browser download). */
  async exportScript(
    path: string,
    format?: ExportFormat
  ): Promise<IExportedScript> {
    const query: { [key: string]: string } = { path };
    if (format) {
      query.format = format;
    }
    const response = await this.request('export', { method: 'GET' }, query);
    const content = await response.text();
    return {
      content,
      filename:
        filenameFromDisposition(response.headers.get('Content-Disposition')) ??
        'notebook.py',
      mimeType: response.headers.get('Content-Type') ?? 'text/x-python'
    };
  }

  /** Save the script beside the notebook; 409 when it exists and `overwrite` is false. */
  exportBeside(
    path: string,
    format: ExportFormat | undefined,
    overwrite: boolean
  ): Promise<{ path: string; name: string; format: ExportFormat }> {
    return this.requestJSON('export', {
      method: 'POST',
      body: JSON.stringify({ path, format, overwrite })
    });
  }

  /** Sensitive-data findings of a saved notebook. */
  scan(path: string): Promise<IScanResult> {
    return this.requestJSON('scan', { method: 'GET' }, { path });
  }

  githubAuth(): Promise<IGitHubAuth> {
    return this.requestJSON('github/auth');
  }

  githubSignIn(token: string): Promise<IGitHubAuth> {
    return this.requestJSON('github/auth', {
      method: 'POST',
      body: JSON.stringify({ token })
    });
  }

  githubSignOut(): Promise<IGitHubAuth> {
    return this.requestJSON('github/auth', { method: 'DELETE' });
  }

  githubDeviceStart(): Promise<IDeviceFlowStart> {
    return this.requestJSON('github/device', { method: 'POST', body: '{}' });
  }

  githubDevicePoll(): Promise<IDeviceFlowPoll> {
    return this.requestJSON('github/device/poll', {
      method: 'POST',
      body: '{}'
    });
  }

  githubRepos(q: string, page = 1): Promise<IRepoPage> {
    return this.requestJSON(
      'github/repos',
      { method: 'GET' },
      { q, page: String(page) }
    );
  }

  githubBranches(repo: string): Promise<IBranches> {
    return this.requestJSON('github/branches', { method: 'GET' }, { repo });
  }

  lastShare(path: string): Promise<ILastShare> {
    return this.requestJSON('github/last', { method: 'GET' }, { path });
  }

  push(request: IPushRequest): Promise<IPushResult> {
    return this.requestJSON('github/push', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  gist(request: IGistRequest): Promise<IGistResult> {
    return this.requestJSON('github/gist', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  links(path: string, pin = false, targets?: string[]): Promise<ILinksResult> {
    const query: { [key: string]: string } = { path, pin: pin ? '1' : '0' };
    if (targets && targets.length) {
      query.targets = targets.join(',');
    }
    return this.requestJSON('links', { method: 'GET' }, query);
  }

  /**
   * Save a notebook from GitHub (a link, or a repository file picked while
   * browsing) under the server root, linked to it; 409 `file_exists` when
   * the target exists and `overwrite` is not set.
   */
  openFromGitHub(request: IOpenRequest): Promise<IOpenResult> {
    return this.requestJSON('github/open', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  /** One page of a user's or organisation's repositories. */
  browseRepos(
    owner: string,
    includePrivate: boolean,
    page = 1
  ): Promise<IOwnerRepos> {
    return this.requestJSON(
      'github/browse/repos',
      { method: 'GET' },
      { owner, private: includePrivate ? '1' : '0', page: String(page) }
    );
  }

  /** The branches of a repository (signed out: of a public one). */
  browseBranches(repo: string): Promise<IBranches> {
    return this.requestJSON(
      'github/browse/branches',
      { method: 'GET' },
      { repo }
    );
  }

  /** The notebooks of a branch. */
  browseNotebooks(repo: string, branch: string): Promise<IBranchNotebooks> {
    return this.requestJSON(
      'github/browse/notebooks',
      { method: 'GET' },
      { repo, branch }
    );
  }

  /** Where a notebook stands against its GitHub link. */
  syncStatus(path: string): Promise<ISyncStatus> {
    return this.requestJSON('github/status', { method: 'GET' }, { path });
  }

  /** Bring a notebook up to date with GitHub (see `PullResolution`). */
  pull(path: string, resolution?: PullResolution): Promise<IPullResult> {
    return this.requestJSON('github/pull', {
      method: 'POST',
      body: JSON.stringify({ path, resolution })
    });
  }

  /** Open a pull request of `head` into `base`. */
  pullRequest(request: {
    repo: string;
    head: string;
    base: string;
    message?: string;
  }): Promise<IPullRequestResult> {
    return this.requestJSON('github/pull-request', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  shareColab(path: string): Promise<IColabShare> {
    return this.requestJSON('share/colab', { method: 'GET' }, { path });
  }

  /** Who is signed in to Google on the server (never the token). */
  driveAuth(): Promise<IDriveAuth> {
    return this.requestJSON('drive/auth');
  }

  /** Revoke and forget the stored Google token. */
  driveSignOut(): Promise<IDriveAuth> {
    return this.requestJSON('drive/auth', { method: 'DELETE' });
  }

  /** Start "Sign in with Google" (device flow) on the server. */
  driveDeviceStart(): Promise<IDriveDeviceStart> {
    return this.requestJSON('drive/device', { method: 'POST', body: '{}' });
  }

  /** Ask the server whether the user approved the sign-in. */
  driveDevicePoll(): Promise<IDriveDevicePoll> {
    return this.requestJSON('drive/device/poll', {
      method: 'POST',
      body: '{}'
    });
  }

  /** Save a copy of a notebook in Drive (409 `drive_conflict` when it changed there). */
  driveSave(request: IDriveSaveRequest): Promise<IDriveSaveResult> {
    return this.requestJSON('drive/save', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  /** Download a Drive notebook into the server's root. */
  driveOpen(request: IDriveOpenRequest): Promise<IDriveOpenResult> {
    return this.requestJSON('drive/open', {
      method: 'POST',
      body: JSON.stringify(request)
    });
  }

  /** The notebooks in the Drive folder ("Colab Notebooks" by default). */
  driveList(folder?: string): Promise<IDriveList> {
    return this.requestJSON(
      'drive/list',
      { method: 'GET' },
      folder ? { folder } : undefined
    );
  }

  /**
   * Ask whether the sensitive-data policy lets a push, gist or Drive save
   * (`endpoint`) go as `request` asks, without sharing anything: null when it
   * does, else the refusal the share would get (a 422 \`policy_warning\` or
   * \`policy_blocked\`), answered with a 200 so the browser logs no failure.
   */
  async policyCheck(
    endpoint: 'github/push' | 'github/gist' | 'drive/save',
    request: object
  ): Promise<CloudShareError | null> {
    const answer = await this.requestJSON<IPolicyCheck>(endpoint, {
      method: 'POST',
      body: JSON.stringify({ ...request, policyCheck: true })
    });
    if (answer.allowed || !answer.error) {
      return null;
    }
    const { code, message, details } = answer.error;
    return new CloudShareError(422, code, message, details ?? {});
  }

  /** The Drive file a notebook was last saved to, if any. */
  driveLast(path: string): Promise<IDriveLast> {
    return this.requestJSON('drive/last', { method: 'GET' }, { path });
  }

  /** A JSON request; errors become `CloudShareError`. */
  async requestJSON<T>(
    endpoint: string,
    init: RequestInit = {},
    query?: { [key: string]: string }
  ): Promise<T> {
    const response = await this.request(endpoint, init, query);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A raw request under `/cloudshare/`; errors become `CloudShareError`. */
  async request(
    endpoint: string,
    init: RequestInit = {},
    query?: { [key: string]: string }
  ): Promise<Response> {
    let url = URLExt.join(this.serverSettings.baseUrl, 'cloudshare', endpoint);
    if (query) {
      url += URLExt.objectToQueryString(query);
    }
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        init,
        this.serverSettings
      );
    } catch (error) {
      throw new CloudShareError(
        0,
        'network_error',
        String((error as Error).message ?? error)
      );
    }
    if (!response.ok) {
      throw await errorFromResponse(response);
    }
    return response;
  }
}

/** Build a `CloudShareError` from an error response's JSON body. */
export async function errorFromResponse(
  response: Response
): Promise<CloudShareError> {
  let body: { error?: IErrorBody; message?: string } = {};
  try {
    body = JSON.parse(await response.text());
  } catch {
    // Not JSON (a proxy's page, for example): keep the status text.
  }
  const error = body.error;
  return new CloudShareError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? body.message ?? response.statusText ?? 'Request failed',
    error?.details ?? {}
  );
}

/** The file name of a `Content-Disposition` header (RFC 6266, with RFC 5987 `filename*`). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain =
    /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/.exec(header);
  if (plain) {
    return (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1').trim();
  }
  return null;
}
