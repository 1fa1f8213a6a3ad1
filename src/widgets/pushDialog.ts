import { Dialog, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { CloudShareError } from '../api';
import {
  IBranches,
  IColabShare,
  IDiffSummary,
  IGitHubAuth,
  IPushRecord,
  IPushRequest
} from '../tokens';
import { diffSummaryNode } from './diffSummary';
import { createCheckbox } from './form';
import { IRepoSource, isRepoName, RepoPicker } from './repoPicker';
import { createAccountHeader } from './signInDialog';

/** The commit message used when the user leaves it empty. */
export const DEFAULT_COMMIT_MESSAGE = 'Created using jupyterlab-cloudshare';

/** The value of the branch select's "New branch…" entry (not a valid branch name). */
export const NEW_BRANCH = ':new';

/** What the push form holds. */
export interface IPushFormState {
  /** `owner/name`. */
  repo: string;
  /** The existing branch to push to ('' lets the server choose: last push's, else the default). */
  branch: string;
  /** The name of a branch to create, or null to push to `branch`. */
  newBranch: string | null;
  /** The branch a new branch starts from (the repository's default branch). */
  baseBranch: string;
  /** The file path in the repository. */
  targetPath: string;
  message: string;
  colabLink: boolean;
  withPy: boolean;
  noOutputs: boolean;
}

/** Prefills given to the push command (`{repo, branch, path, noOutputs}`). */
export interface IPushDefaults {
  repo?: string;
  branch?: string;
  /** The file path in the repository. */
  path?: string;
  noOutputs?: boolean;
}

/**
 * The form's first state: the command's arguments, else the last place
 * this notebook was pushed, else the notebook's own path.
 */
export function defaultPushState(
  notebookPath: string,
  last: IPushRecord | null,
  defaults: IPushDefaults = {}
): IPushFormState {
  const sameRepo =
    !defaults.repo || (last !== null && defaults.repo === last.repo);
  return {
    repo: defaults.repo ?? last?.repo ?? '',
    branch: defaults.branch ?? (sameRepo ? last?.branch : undefined) ?? '',
    newBranch: null,
    baseBranch: '',
    targetPath: stripSlashes(
      defaults.path ?? (sameRepo ? last?.path : undefined) ?? notebookPath
    ),
    message: DEFAULT_COMMIT_MESSAGE,
    colabLink: true,
    withPy: false,
    noOutputs: defaults.noOutputs ?? false
  };
}

/** Whether a name is a valid new branch name (git check-ref-format's rules). */
export function isValidBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 250 &&
    // Control characters are exactly what git refuses in a ref name.
    // eslint-disable-next-line no-control-regex
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name) &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.includes('//') &&
    !name.startsWith('/') &&
    !name.startsWith('-') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    name !== '@' &&
    !name.split('/').some(part => part.startsWith('.'))
  );
}

/**
 * A new branch name for this notebook: `cloudshare/<stem>-<yyyymmdd-hhmm>`.
 */
export function newBranchName(
  notebookPath: string,
  date: Date = new Date()
): string {
  const stem =
    PathExt.basename(notebookPath, PathExt.extname(notebookPath))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'notebook';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `-${pad(date.getHours())}${pad(date.getMinutes())}`;
  return `cloudshare/${stem}-${stamp}`;
}

/**
 * The push request of a form state; throws an `Error` saying what to fix.
 */
export function buildPushRequest(
  notebookPath: string,
  state: IPushFormState,
  trans: TranslationBundle
): IPushRequest {
  const repo = state.repo.trim();
  if (!isRepoName(repo)) {
    throw new Error(trans.__('Choose a repository (owner/name).'));
  }
  const targetPath = stripSlashes(state.targetPath.trim());
  if (!targetPath) {
    throw new Error(trans.__('Enter the file path in the repository.'));
  }
  const request: IPushRequest = {
    path: notebookPath,
    repo,
    targetPath,
    message: state.message.trim() || DEFAULT_COMMIT_MESSAGE,
    colabLink: state.colabLink,
    withPy: state.withPy,
    noOutputs: state.noOutputs,
    force: false
  };
  if (state.newBranch !== null) {
    const name = state.newBranch.trim();
    if (!isValidBranchName(name)) {
      throw new Error(trans.__('"%1" is not a valid branch name.', name));
    }
    if (!state.baseBranch) {
      throw new Error(
        trans.__('The repository’s branches are not loaded yet.')
      );
    }
    request.branch = name;
    request.newBranchFrom = state.baseBranch;
  } else if (state.branch) {
    request.branch = state.branch;
  }
  return request;
}

function stripSlashes(path: string): string {
  return path.replace(/^\/+/, '');
}

/** What the push form needs from the server. */
export interface IPushFormSource extends IRepoSource {
  githubBranches(repo: string): Promise<IBranches>;
  /** Where git says the notebook is (its clone's repository, branch and path). */
  shareColab?(path: string): Promise<IColabShare>;
}

/**
 * The repository, branch and path inside it of a notebook in a git clone of
 * a repository on the GitHub the user is signed in to, else null.
 */
export function cloneLocation(
  share: Pick<IColabShare, 'git'>,
  auth?: Pick<IGitHubAuth, 'webUrl'> | null
): { repo: string; branch: string; path: string } | null {
  const loc = share.git?.location as
    | {
        owner?: string;
        repo?: string;
        branch?: string | null;
        path?: string;
        host?: string;
      }
    | null
    | undefined;
  if (!loc || !loc.owner || !loc.repo || !loc.path) {
    return null;
  }
  if (auth?.webUrl && loc.host) {
    let host = '';
    try {
      host = new URL(auth.webUrl).hostname.toLowerCase();
    } catch {
      host = '';
    }
    if (host && host !== loc.host.toLowerCase()) {
      return null;
    }
  }
  return {
    repo: `${loc.owner}/${loc.repo}`,
    branch: loc.branch ?? '',
    path: loc.path
  };
}

let formCount = 0;

/**
 * The "Save a copy in GitHub" form: who is signed in, repository, branch
 * (or a new one), file path, commit message and options. Its value is the
 * push request.
 */
export class PushForm extends Widget {
  constructor(options: PushForm.IOptions) {
    super();
    this.addClass('jp-cloudshare-PushForm');
    const { trans, state } = options;
    this._trans = trans;
    this._api = options.api;
    this._notebookPath = options.notebookPath;
    this._initial = state;
    const id = `jp-cloudshare-push-${++formCount}`;

    if (options.auth) {
      this.node.appendChild(createAccountHeader(options.auth, trans));
    }
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'jp-cloudshare-Form';
    this.node.appendChild(fieldset);

    // Repository
    this._picker = new RepoPicker({
      source: options.api,
      trans,
      value: state.repo
    });
    fieldset.appendChild(
      this._label(trans.__('Repository'), this._picker.inputId)
    );
    fieldset.appendChild(this._picker.node);
    this._picker.committed.connect((_, repo) => {
      this._revalidate();
      void this._loadBranches(repo);
    }, this);

    // Branch
    this._branch = document.createElement('select');
    this._branch.id = `${id}-branch`;
    this._branch.name = 'branch';
    this._branch.className = 'jp-mod-styled jp-cloudshare-PushForm-branch';
    fieldset.appendChild(this._label(trans.__('Branch'), this._branch.id));
    const branchRow = document.createElement('div');
    branchRow.className = 'jp-cloudshare-PushForm-branchRow';
    this._newBranch = document.createElement('input');
    this._newBranch.type = 'text';
    this._newBranch.id = `${id}-new-branch`;
    this._newBranch.name = 'newBranch';
    this._newBranch.className =
      'jp-mod-styled jp-cloudshare-PushForm-newBranch';
    this._newBranch.setAttribute('aria-label', trans.__('New branch name'));
    this._newBranch.spellcheck = false;
    this._newBranch.hidden = true;
    branchRow.append(this._branch, this._newBranch);
    fieldset.appendChild(branchRow);
    this._branchHint = document.createElement('div');
    this._branchHint.className = 'jp-cloudshare-Hint';
    this._branchHint.setAttribute('aria-live', 'polite');
    fieldset.appendChild(this._branchHint);
    this._branch.addEventListener('change', () => this._onBranchChange());

    // File path
    this._path = this._textInput(`${id}-path`, 'targetPath', state.targetPath);
    this._path.required = true;
    fieldset.append(
      this._label(trans.__('File path'), this._path.id),
      this._path
    );

    // Commit message
    this._message = this._textInput(`${id}-message`, 'message', state.message);
    this._message.placeholder = DEFAULT_COMMIT_MESSAGE;
    fieldset.append(
      this._label(trans.__('Commit message'), this._message.id),
      this._message
    );

    // Options
    this._colabLink = createCheckbox(
      fieldset,
      'colabLink',
      trans.__('Include a link to Colab'),
      state.colabLink
    );
    this._withPy = createCheckbox(
      fieldset,
      'withPy',
      trans.__('Also save the .py'),
      state.withPy
    );
    this._noOutputs = createCheckbox(
      fieldset,
      'noOutputs',
      trans.__('Without outputs'),
      state.noOutputs
    );

    this._setBranchOptions([], state.branch);
    if (state.repo) {
      void this._loadBranches(state.repo);
    } else {
      this._branchHint.textContent = trans.__('Choose a repository first.');
      // Nothing given and never pushed: a notebook in a clone goes back to its repository.
      this._cloneLookup = this._prefillFromClone(options.auth ?? null);
    }
  }

  /** Settled when the form has asked git where the notebook lives (if it did). */
  get cloneLookup(): Promise<void> {
    return this._cloneLookup;
  }

  private async _prefillFromClone(auth: IGitHubAuth | null): Promise<void> {
    if (!this._api.shareColab) {
      return;
    }
    let place: ReturnType<typeof cloneLocation> = null;
    try {
      place = cloneLocation(
        await this._api.shareColab(this._notebookPath),
        auth
      );
    } catch {
      // Git cannot tell (or the feature is off): the user picks the place.
      return;
    }
    // The user may have started typing meanwhile: never overwrite that.
    if (!place || this.isDisposed || this._picker.value) {
      return;
    }
    this._initial = {
      ...this._initial,
      repo: place.repo,
      branch: place.branch,
      targetPath: place.path
    };
    this._picker.value = place.repo;
    if (this._path.value === stripSlashes(this._notebookPath)) {
      this._path.value = place.path;
    }
    this._revalidate();
    await this._loadBranches(place.repo);
  }

  /** The form's current state. */
  get state(): IPushFormState {
    const newBranch = this._branch.value === NEW_BRANCH;
    return {
      repo: this._picker.value,
      branch: newBranch ? '' : this._branch.value,
      newBranch: newBranch ? this._newBranch.value : null,
      baseBranch: this._defaultBranch,
      targetPath: this._path.value,
      message: this._message.value,
      colabLink: this._colabLink.checked,
      withPy: this._withPy.checked,
      noOutputs: this._noOutputs.checked
    };
  }

  /** A promise settled when the branches of the current repository are loaded. */
  get branchesLoaded(): Promise<void> {
    return this._branchesLoaded;
  }

  /** The push request; throws when a field needs fixing. */
  getValue(): IPushRequest {
    return buildPushRequest(this._notebookPath, this.state, this._trans);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._picker.dispose();
    super.dispose();
  }

  private _onBranchChange(): void {
    const isNew = this._branch.value === NEW_BRANCH;
    this._newBranch.hidden = !isNew;
    this._newBranch.required = isNew;
    if (isNew) {
      if (!this._newBranch.value) {
        this._newBranch.value = newBranchName(this._notebookPath);
      }
      this._branchHint.textContent = this._trans.__(
        'The new branch starts from %1.',
        this._defaultBranch || this._trans.__('the default branch')
      );
      this._newBranch.focus();
      this._newBranch.select();
    } else {
      this._branchHint.textContent = '';
    }
    this._revalidate();
  }

  /**
   * Let the dialog re-check the fields' validity (it does so on `input`
   * events), after changes made without typing.
   */
  private _revalidate(): void {
    this.node.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private async _loadBranches(repo: string): Promise<void> {
    const generation = ++this._generation;
    const trans = this._trans;
    if (!isRepoName(repo)) {
      this._defaultBranch = '';
      this._setBranchOptions([], '');
      this._branchHint.textContent = repo
        ? trans.__('Type the repository as owner/name.')
        : '';
      return;
    }
    const picked = this._picker.selected;
    this._branch.disabled = true;
    this._branchHint.textContent = trans.__('Loading branches…');
    let done!: () => void;
    this._branchesLoaded = new Promise<void>(resolve => (done = resolve));
    try {
      const answer = await this._api.githubBranches(repo);
      if (generation !== this._generation) {
        return;
      }
      this._defaultBranch = answer.defaultBranch;
      const names = answer.branches.map(b => b.name);
      const preferred =
        repo === this._initial.repo &&
        this._initial.branch &&
        names.includes(this._initial.branch)
          ? this._initial.branch
          : answer.defaultBranch;
      this._setBranchOptions(names, preferred);
      this._branchHint.textContent =
        picked && !picked.canPush
          ? trans.__('You cannot push to this repository.')
          : '';
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._defaultBranch = picked?.defaultBranch ?? '';
      this._setBranchOptions([], this._defaultBranch);
      this._branchHint.textContent =
        error instanceof CloudShareError
          ? error.message
          : trans.__('Cannot read the branches.');
    } finally {
      if (generation === this._generation) {
        this._branch.disabled = false;
      }
      done();
    }
  }

  private _setBranchOptions(names: string[], selected: string): void {
    const all = [...names];
    if (selected && !all.includes(selected)) {
      all.unshift(selected);
    }
    this._branch.textContent = '';
    if (!all.length) {
      const option = new Option(this._trans.__('Default branch'), '');
      this._branch.appendChild(option);
    }
    for (const name of all) {
      const label =
        name === this._defaultBranch
          ? this._trans.__('%1 (default)', name)
          : name;
      this._branch.appendChild(
        new Option(label, name, false, name === selected)
      );
    }
    this._branch.appendChild(
      new Option(this._trans.__('New branch…'), NEW_BRANCH)
    );
    this._onBranchChange();
  }

  private _label(text: string, forId: string): HTMLLabelElement {
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.htmlFor = forId;
    label.textContent = text;
    return label;
  }

  private _textInput(
    id: string,
    name: string,
    value: string
  ): HTMLInputElement {
    const input = document.createElement('input');
    input.type = 'text';
    input.id = id;
    input.name = name;
    input.value = value;
    input.spellcheck = false;
    input.className = 'jp-mod-styled';
    return input;
  }

  private _trans: TranslationBundle;
  private _api: IPushFormSource;
  private _notebookPath: string;
  private _initial: IPushFormState;
  private _picker: RepoPicker;
  private _branch: HTMLSelectElement;
  private _newBranch: HTMLInputElement;
  private _branchHint: HTMLElement;
  private _path: HTMLInputElement;
  private _message: HTMLInputElement;
  private _colabLink: HTMLInputElement;
  private _withPy: HTMLInputElement;
  private _noOutputs: HTMLInputElement;
  private _defaultBranch = '';
  private _generation = 0;
  private _branchesLoaded: Promise<void> = Promise.resolve();
  private _cloneLookup: Promise<void> = Promise.resolve();
}

/** The PushForm's types. */
export namespace PushForm {
  /** The form's options. */
  export interface IOptions {
    api: IPushFormSource;
    trans: TranslationBundle;
    /** The notebook's path on the server. */
    notebookPath: string;
    state: IPushFormState;
    /** Who is signed in, for the header. */
    auth?: IGitHubAuth;
  }
}

/** How to go on after a 409 `remote_changed`. */
export type ConflictDecision =
  { force: true } | { branch: string; newBranchFrom: string } | null;

/**
 * Ask what to do when the file changed on GitHub since this notebook's last
 * push: overwrite (a normal commit on top, never a force push), push to a
 * new branch, or cancel.
 */
export async function resolveConflict(
  error: CloudShareError,
  notebookPath: string,
  trans: TranslationBundle
): Promise<ConflictDecision> {
  const details = error.details as {
    repo?: string;
    branch?: string;
    path?: string;
  };
  const repo = String(details.repo ?? '');
  const branch = String(details.branch ?? '');
  const path = String(details.path ?? '');
  const NEW = 'cloudshare-new-branch';
  const text = trans.__(
    '%1 on %2 (branch %3) was changed since this notebook was last pushed. Overwrite it with a new commit on top of that change, push to a new branch, or cancel.',
    path,
    repo,
    branch
  );
  const diff = (error.details as { diff?: IDiffSummary | null }).diff;
  const answer = await showDialog({
    title: trans.__('The file changed on GitHub'),
    body: diff ? conflictBody(text, diff, trans) : text,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({
        label: trans.__('Push to a New Branch'),
        actions: [NEW]
      }),
      Dialog.warnButton({ label: trans.__('Overwrite') })
    ],
    defaultButton: 1
  });
  if (!answer.button.accept) {
    return null;
  }
  if (!answer.button.actions.includes(NEW)) {
    return { force: true };
  }
  const name = await askBranchName(newBranchName(notebookPath), branch, trans);
  return name ? { branch: name, newBranchFrom: branch } : null;
}

/** The conflict explanation, then what GitHub's copy changed (nbdime, on the server). */
function conflictBody(
  text: string,
  diff: IDiffSummary,
  trans: TranslationBundle
): Widget {
  const body = new Widget();
  const intro = document.createElement('p');
  intro.textContent = text;
  const what = document.createElement('p');
  what.textContent = trans.__(
    'What the copy on GitHub holds that this notebook does not ("+" only there, "−" only here):'
  );
  body.node.append(intro, what, diffSummaryNode(diff, trans));
  return body;
}

/** Ask for a new branch's name, prefilled; null when cancelled. */
export async function askBranchName(
  suggested: string,
  from: string,
  trans: TranslationBundle
): Promise<string | null> {
  const body = new BranchNameBody(suggested, from, trans);
  const answer = await showDialog({
    title: trans.__('Push to a new branch'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Save') })
    ],
    focusNodeSelector: 'input'
  });
  if (!answer.button.accept || answer.value === null) {
    return null;
  }
  const name = answer.value.trim();
  return isValidBranchName(name) ? name : null;
}

/** The body of the new-branch-name dialog. */
class BranchNameBody extends Widget {
  constructor(suggested: string, from: string, trans: TranslationBundle) {
    super();
    this.addClass('jp-cloudshare-Form');
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.textContent = trans.__('New branch name (created from %1)', from);
    this._input = document.createElement('input');
    this._input.type = 'text';
    this._input.className = 'jp-mod-styled';
    this._input.value = suggested;
    this._input.required = true;
    this._input.spellcheck = false;
    label.appendChild(this._input);
    this.node.appendChild(label);
  }

  getValue(): string {
    return this._input.value;
  }

  private _input: HTMLInputElement;
}
