import { Token } from '@lumino/coreutils';
import type { CloudShareAPI } from './api';

/**
 * Command identifiers, one namespace for the whole extension.
 */
export namespace CommandIDs {
  export const exportPy = 'cloudshare:export-py';
  export const exportPyColab = 'cloudshare:export-py-colab';
  export const exportPyPercent = 'cloudshare:export-py-percent';
  export const exportPyScript = 'cloudshare:export-py-script';
  export const saveBeside = 'cloudshare:export-py-beside';
  export const scan = 'cloudshare:scan';
  export const pushToGitHub = 'cloudshare:push-github';
  export const saveGist = 'cloudshare:save-gist';
  export const signIn = 'cloudshare:github-sign-in';
  export const signOut = 'cloudshare:github-sign-out';
  export const shareColab = 'cloudshare:share-colab';
  export const launchLinks = 'cloudshare:launch-links';
  export const insertBadge = 'cloudshare:insert-badge-cell';
  export const openFromGitHub = 'cloudshare:open-from-github';
  export const pullFromGitHub = 'cloudshare:pull-github';
  export const syncStatus = 'cloudshare:sync-status';
  export const driveSave = 'cloudshare:drive-save';
  export const driveOpen = 'cloudshare:drive-open';
  export const driveSignIn = 'cloudshare:drive-sign-in';
  export const driveSignOut = 'cloudshare:drive-sign-out';
}

/** The translation domain of every user-facing string. */
export const TRANSLATION_DOMAIN = 'jupyterlab_cloudshare';

/** Script flavours the server can produce. */
export type ExportFormat = 'colab' | 'percent' | 'script';
export const EXPORT_FORMATS: ExportFormat[] = ['colab', 'percent', 'script'];

/** Sensitive-data policy levels. */
export type PolicyLevel = 'off' | 'warn' | 'block';

/** What GET /cloudshare/config returns: the admin's settings, no secrets. */
export interface IServerConfig {
  version: string;
  features: {
    export: boolean;
    github: boolean;
    gist: boolean;
    links: boolean;
    colab: boolean;
    scan: boolean;
    /** Absent from servers without Google Drive support. */
    drive?: boolean;
  };
  exportDefaultFormat: ExportFormat;
  policy: {
    push: PolicyLevel;
    gist: PolicyLevel;
    link: PolicyLevel;
    export: PolicyLevel;
    drive?: PolicyLevel;
  };
  allowShareWithoutOutputs: boolean;
  bannerMessage: string;
  github: { apiUrl: string; webUrl: string; deviceFlow: boolean };
  /** Google Drive: whether "Sign in with Google" (device flow) is set up. */
  drive?: { deviceFlow: boolean };
  linkTargets: string[];
  linksPinCommit: boolean;
  /** How badge cells are offered (CloudShareApp.badge_style). */
  badgeStyle?: BadgeStyle;
}

/**
 * "image": image badges first, text links beside them; "text": text links
 * first; "text-only": text links only (no badge loads a picture).
 */
export type BadgeStyle = 'image' | 'text' | 'text-only';

/** The JSON body of every error response. */
export interface IErrorBody {
  code: string;
  message: string;
  details?: { [key: string]: any };
}

/** A share endpoint's answer to `"policyCheck": true` (nothing was shared). */
export interface IPolicyCheck {
  allowed: boolean;
  /** What the share's refusal (422) would hold, when not allowed. */
  error?: IErrorBody;
}

/** A script produced by the export endpoint. */
export interface IExportedScript {
  filename: string;
  content: string;
  mimeType: string;
}

/** One sensitive-data finding (the matched value is never sent). */
export interface IFinding {
  type: string;
  severity: 'high' | 'medium' | 'low';
  cell: number;
  cell_id: string | null;
  path: string;
  start: number;
  end: number;
  excerpt: string;
  in_output: boolean;
}

/** GET /cloudshare/scan */
export interface IScanResult {
  path: string;
  findings: IFinding[];
  summary: { [type: string]: number };
  count: number;
  fingerprint: string;
  policy: IServerConfig['policy'];
  bannerMessage: string;
}

/** GET/POST/DELETE /cloudshare/github/auth */
export interface IGitHubAuth {
  signedIn: boolean;
  login: string | null;
  name: string | null;
  avatarUrl: string | null;
  scopes: string[];
  source: 'hub' | 'env' | 'stored' | null;
  deviceFlow: boolean;
  apiUrl: string;
  webUrl: string;
  error?: string;
  /**
   * Why JupyterHub gave this server no token (e.g. "no_grant"), when the
   * hub is the expected source; `error` then says what the admin can do.
   */
  hub?: string;
}

export interface IDeviceFlowStart {
  userCode: string;
  verificationUri: string;
  interval: number;
  expiresIn: number;
}

export interface IDeviceFlowPoll {
  status: 'pending' | 'signed_in' | 'expired' | 'denied';
  interval: number;
  auth?: IGitHubAuth;
}

export interface IRepo {
  fullName: string;
  private: boolean;
  defaultBranch: string;
  canPush: boolean;
}

export interface IRepoPage {
  repos: IRepo[];
  nextPage: number | null;
}

export interface IBranches {
  branches: { name: string; sha: string }[];
  defaultBranch: string;
}

export interface IPushRecord {
  apiUrl: string;
  repo: string;
  branch: string;
  path: string;
  commitSha: string;
  htmlUrl: string;
  colabUrl: string | null;
  pushedAt?: string;
}

export interface IGistRecord {
  apiUrl: string;
  id: string;
  htmlUrl: string;
  colabUrl: string | null;
}

export interface ILastShare {
  push: IPushRecord | null;
  gist: IGistRecord | null;
}

export interface IPushRequest {
  path: string;
  repo: string;
  branch?: string;
  newBranchFrom?: string;
  targetPath?: string;
  message?: string;
  colabLink: boolean;
  withPy: boolean;
  noOutputs: boolean;
  force: boolean;
  acknowledge?: string;
  /** 'link' when the upload is made to get a launch link (Share to Colab). */
  purpose?: 'link';
}

/** What the sensitive-data policy let leave with a push or gist (core/policy.py). */
export interface ISharePolicyResult {
  level: PolicyLevel;
  /** Parts of the notebook removed from the shared copy, and why. */
  removed: { path: string; reason: string }[];
}

export interface IPushResult {
  repo: string;
  branch: string;
  path: string;
  commitSha: string;
  htmlUrl: string;
  colabUrl: string | null;
  files: string[];
  created: boolean;
  newBranch: boolean;
  note?: string;
  policy?: ISharePolicyResult;
}

export interface IGistRequest {
  path: string;
  public: boolean;
  withPy: boolean;
  noOutputs: boolean;
  description?: string;
  acknowledge?: string;
  /** 'link' when the upload is made to get a launch link (Share to Colab). */
  purpose?: 'link';
}

export interface IGistResult {
  gistId: string;
  htmlUrl: string;
  colabUrl: string | null;
  created: boolean;
  files: string[];
  policy?: ISharePolicyResult;
}

/** One launch link (snake_case keys, as the CLI's --json prints them). */
export interface ILaunchLink {
  target: string;
  label: string;
  url: string;
  badge_markdown: string | null;
  badge_html: string | null;
}

export interface ILinksResult {
  path: string;
  status: string;
  reason: string | null;
  /** Where the links come from: the notebook's git clone or its last push. */
  source?: 'git' | 'push' | null;
  location: { [key: string]: any } | null;
  links: ILaunchLink[];
  badgeCell: { [key: string]: any } | null;
  /** The same links as plain Markdown links: nothing loads from outside hosts. */
  badgeCellText?: { [key: string]: any } | null;
  /** The hosts the image badges load their pictures from. */
  badgeHosts?: string[];
}

export interface IColabShare {
  status: 'ready' | 'needs_upload' | 'unavailable';
  colabUrl: string | null;
  reason: string | null;
  /** Where Colab opens it from: the git clone, the last push or the last gist. */
  source: 'git' | 'push' | 'gist' | null;
  location: { [key: string]: any } | null;
  git?: { [key: string]: any };
  lastPush: IPushRecord | null;
  lastGist: IGistRecord | null;
  privateHint?: string;
}

/** Where a notebook stands against its GitHub link. */
export type SyncState =
  | 'in-sync'
  | 'local-changes'
  | 'remote-changes'
  | 'diverged'
  | 'remote-missing'
  | 'not-linked'
  | 'signed-out';

/** The remote a notebook is linked to (a repository file or a gist file). */
export interface ISyncRemote {
  type: 'repo' | 'gist';
  repo?: string;
  branch?: string;
  path?: string;
  gistId?: string;
  filename?: string;
  revision?: string | null;
  blobSha?: string | null;
  apiUrl?: string;
  htmlUrl?: string | null;
}

/** `GET /cloudshare/github/status`. */
export interface ISyncStatus {
  notebook: string;
  state: SyncState;
  remote: ISyncRemote | null;
  reason?: string;
  /** With `signed-out`: whether the notebook changed here since the last sync. */
  localChanges?: boolean;
}

/** One cell of a diff summary (`source` is a short excerpt). */
export interface IDiffCell {
  change: 'added' | 'removed' | 'changed';
  index: number;
  cellType?: string | null;
  source: string;
  parts?: string[];
}

/** A compact notebook diff (made with nbdime on the server). */
export interface IDiffSummary {
  cellsAdded: number;
  cellsRemoved: number;
  cellsChanged: number;
  metadataChanged: boolean;
  cells: IDiffCell[];
  truncated: boolean;
}

/** What to open: a pasted link, or a notebook picked while browsing. */
export type OpenSource =
  { url: string } | { repo: string; branch: string; remotePath: string };

/** `POST /cloudshare/github/open`: the source, and where to save it. */
export type IOpenRequest = OpenSource & {
  /** A folder (or a file path) under the server root; empty: the root. */
  path?: string;
  /** Replace an existing file (only after asking the user). */
  overwrite?: boolean;
};

/** One repository of `GET /cloudshare/github/browse/repos`. */
export interface IBrowseRepo {
  fullName: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
}

/** `GET /cloudshare/github/browse/repos`: one page of an owner's repositories. */
export interface IOwnerRepos {
  owner: string;
  repos: IBrowseRepo[];
  /** The page to ask for next, or `null` at the end. */
  nextPage: number | null;
}

/** One notebook of a branch. */
export interface IBrowseNotebook {
  path: string;
  size: number | null;
  sha: string;
}

/** `GET /cloudshare/github/browse/notebooks`. */
export interface IBranchNotebooks {
  repo: string;
  branch: string;
  notebooks: IBrowseNotebook[];
  /** GitHub listed only part of a very large repository. */
  truncated: boolean;
}

/** `POST /cloudshare/github/open`. */
export interface IOpenResult {
  path: string;
  remote: ISyncRemote;
  state: SyncState;
}

/** How a pull settles a divergence. */
export type PullResolution = 'take-remote' | 'keep-local' | 'merge';

/** `POST /cloudshare/github/pull`. */
export interface IPullResult extends ISyncStatus {
  action:
    | 'updated'
    | 'none'
    | 'diverged'
    | 'remote-missing'
    | 'merged'
    | 'kept-local';
  diff?: IDiffSummary | null;
  canMerge?: boolean;
  remoteCopy?: string;
}

/** `POST /cloudshare/github/pull-request`. */
export interface IPullRequestResult {
  number: number;
  url: string;
  head: string;
  base: string;
}

/**
 * The service the main plugin provides to the feature plugins.
 */
export interface ICloudShare {
  /** The one client that talks to the server. */
  readonly api: CloudShareAPI;
  /** The admin's settings, fetched once. */
  readonly config: Promise<IServerConfig>;
}

export const ICloudShare = new Token<ICloudShare>(
  'jupyterlab-cloudshare:ICloudShare',
  'The cloudshare API client and server settings.'
);

/** GET/DELETE /cloudshare/drive/auth: who is signed in to Google (never the token). */
export interface IDriveAuth {
  signedIn: boolean;
  /** The account's e-mail. */
  account: string | null;
  name: string | null;
  source: 'hub' | 'env' | 'stored' | null;
  deviceFlow: boolean;
  apiUrl: string;
  /** After a sign-out: whether Google confirmed the revocation. */
  revoked?: boolean;
  error?: string;
}

/** POST /cloudshare/drive/device: what the user must do to sign in. */
export interface IDriveDeviceStart {
  userCode: string;
  verificationUrl: string;
  interval: number;
  expiresIn: number;
}

/** POST /cloudshare/drive/device/poll. */
export interface IDriveDevicePoll {
  status: 'pending' | 'signed_in' | 'denied' | 'expired';
  interval: number;
  auth?: IDriveAuth;
}

/** What to do when the Drive file changed since the last save. */
export type DriveConflictChoice = 'fail' | 'overwrite' | 'new';

/** POST /cloudshare/drive/save. */
export interface IDriveSaveRequest {
  path: string;
  noOutputs?: boolean;
  /** 'reader': anyone with the link can view. */
  share?: 'none' | 'reader';
  folder?: string;
  onConflict?: DriveConflictChoice;
  acknowledge?: string | null;
}

/** The answer of a save (also the `details` of a 409 `drive_conflict`, with `choices`). */
export interface IDriveSaveResult {
  fileId: string;
  name: string;
  colabUrl: string;
  webViewLink: string;
  folderId: string | null;
  /** False when the remembered file was updated. */
  created: boolean;
  shared?: string;
}

/** POST /cloudshare/drive/open. */
export interface IDriveOpenRequest {
  /** A file id, a drive.google.com/file/d/ID link or a colab.research.google.com/drive/ID link. */
  url: string;
  /** Where to put it under the server root (a folder or a .ipynb path). */
  path?: string;
  overwrite?: boolean;
}

/** The answer of an open. */
export interface IDriveOpenResult {
  path: string;
  fileId: string;
  name: string;
  colabUrl: string;
  webViewLink: string | null;
}

/** One notebook of the Drive folder. */
export interface IDriveFile {
  fileId: string;
  name: string;
  modifiedTime: string | null;
  owner: string | null;
  colabUrl: string;
  webViewLink: string | null;
}

/** GET /cloudshare/drive/list. */
export interface IDriveList {
  folderId: string | null;
  files: IDriveFile[];
}

/** GET /cloudshare/drive/last: the Drive file a notebook was saved to, if any. */
export interface IDriveLast {
  drive: {
    fileId: string;
    name: string | null;
    colabUrl: string;
    webViewLink: string | null;
    folderId: string | null;
    savedAt: string | null;
  } | null;
}
