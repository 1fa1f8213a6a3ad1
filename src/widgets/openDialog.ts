import { Widget } from '@lumino/widgets';
import { TranslationBundle } from '@jupyterlab/translation';
import type {
  IBranches,
  IBranchNotebooks,
  IOpenRequest,
  IOwnerRepos
} from '../tokens';
import { createCheckbox } from './form';

/** The server calls the "Open from GitHub" dialog makes while browsing. */
export interface IBrowseSource {
  browseRepos(
    owner: string,
    includePrivate: boolean,
    page?: number
  ): Promise<IOwnerRepos>;
  browseBranches(repo: string): Promise<IBranches>;
  browseNotebooks(repo: string, branch: string): Promise<IBranchNotebooks>;
}

/** How the dialog names the notebook to open. */
export type OpenMode = 'link' | 'browse';

/**
 * The body of "Open from GitHub…": paste a link, or browse as Colab does (a
 * user or organisation, one of its repositories, a branch, a notebook), and
 * the folder (under the server root) that receives the notebook.
 */
export class OpenFromGitHubBody extends Widget {
  constructor(options: OpenFromGitHubBody.IOptions) {
    super();
    const { trans } = options;
    this._options = options;
    this.addClass('jp-cloudshare-Form');
    this.addClass('jp-cloudshare-OpenGitHub');

    const modes = document.createElement('fieldset');
    modes.className = 'jp-cloudshare-OpenGitHub-modes';
    const legend = document.createElement('legend');
    legend.textContent = trans.__('Open');
    modes.appendChild(legend);
    this._linkRadio = this._radio(modes, 'link', trans.__('From a link'));
    this._browseRadio = this._radio(
      modes,
      'browse',
      trans.__('Browse repositories')
    );
    this.node.appendChild(modes);

    // A pasted link.
    this._linkPane = document.createElement('div');
    this._linkPane.className = 'jp-cloudshare-OpenGitHub-link';
    this._url = this._input(
      this._linkPane,
      'url',
      trans.__('Link to a notebook on GitHub or a gist')
    );
    this._url.placeholder =
      'https://github.com/OWNER/REPO/blob/BRANCH/NOTEBOOK.ipynb';
    this.node.appendChild(this._linkPane);

    // Browsing.
    this._browsePane = document.createElement('div');
    this._browsePane.className = 'jp-cloudshare-OpenGitHub-browse';
    const ownerRow = document.createElement('div');
    ownerRow.className = 'jp-cloudshare-OpenGitHub-row';
    this._owner = this._input(
      ownerRow,
      'owner',
      trans.__('GitHub user or organisation')
    );
    this._owner.value = options.login ?? '';
    const search = document.createElement('button');
    search.type = 'button';
    search.className = 'jp-mod-styled';
    search.textContent = trans.__('Search');
    search.addEventListener('click', () => void this.search());
    ownerRow.appendChild(search);
    this._browsePane.appendChild(ownerRow);
    this._private = createCheckbox(
      this._browsePane,
      'private',
      trans.__('Include private repositories'),
      false
    );
    if (!options.signedIn) {
      this._private.disabled = true;
      this._private.parentElement!.title = trans.__(
        'Sign in to GitHub to see private repositories.'
      );
    }
    this._repo = this._select(this._browsePane, 'repo', trans.__('Repository'));
    this._repo.addEventListener('change', () => void this._repoChosen());
    this._more = document.createElement('button');
    this._more.type = 'button';
    this._more.className = 'jp-mod-styled';
    this._more.textContent = trans.__('More repositories');
    this._more.hidden = true;
    this._more.addEventListener('click', () => void this._loadRepos(false));
    this._browsePane.appendChild(this._more);
    this._branch = this._select(this._browsePane, 'branch', trans.__('Branch'));
    this._branch.addEventListener('change', () => void this._branchChosen());
    this._notebook = this._select(
      this._browsePane,
      'notebook',
      trans.__('Notebook')
    );
    this.node.appendChild(this._browsePane);

    this._status = document.createElement('p');
    this._status.className = 'jp-cloudshare-OpenGitHub-status';
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    this.node.appendChild(this._status);

    this._folder = this._input(
      this.node,
      'folder',
      trans.__('Save in folder (under the server root; empty: the root)')
    );
    this._folder.value = options.folder ?? '';

    this.setMode(options.mode ?? 'link');
  }

  /**
   * Enter in the owner field searches instead of accepting the dialog: the
   * dialog listens in the capture phase on its node, so this listens on the
   * window, which the event reaches first.
   */
  handleEvent(event: Event): void {
    if (
      event.type === 'keydown' &&
      (event as KeyboardEvent).key === 'Enter' &&
      event.target === this._owner
    ) {
      event.preventDefault();
      event.stopPropagation();
      void this.search();
    }
  }

  protected onAfterAttach(): void {
    window.addEventListener('keydown', this, true);
    this.node.addEventListener('input', this._onEdit);
    this.node.addEventListener('change', this._onEdit);
    this._updateAccept();
  }

  protected onBeforeDetach(): void {
    window.removeEventListener('keydown', this, true);
    this.node.removeEventListener('input', this._onEdit);
    this.node.removeEventListener('change', this._onEdit);
  }

  /** Whether the form names something to open. */
  get complete(): boolean {
    if (this.mode === 'link') {
      return this._url.value.trim() !== '';
    }
    return !!(this._repo.value && this._branch.value && this._notebook.value);
  }

  /** The dialog's Open button is enabled only while the form is complete. */
  private _updateAccept(): void {
    const accept = this.node
      .closest('.jp-Dialog')
      ?.querySelector<HTMLButtonElement>('.jp-Dialog-footer .jp-mod-accept');
    if (accept) {
      accept.disabled = !this.complete;
    }
  }

  private _onEdit = (): void => this._updateAccept();

  /** The mode shown. */
  get mode(): OpenMode {
    return this._browseRadio.checked ? 'browse' : 'link';
  }

  /** Show the link field or the browser. */
  setMode(mode: OpenMode): void {
    this._linkRadio.checked = mode === 'link';
    this._browseRadio.checked = mode === 'browse';
    this._linkPane.hidden = mode !== 'link';
    this._browsePane.hidden = mode !== 'browse';
    this._status.textContent = '';
    this._updateAccept();
  }

  /** List the repositories of the owner typed (first page). */
  async search(): Promise<void> {
    await this._loadRepos(true);
  }

  /** What to open, or `null` (with a message shown) when something is missing. */
  getValue(): IOpenRequest | null {
    const { trans } = this._options;
    const path = this._folder.value.trim().replace(/^\/+|\/+$/g, '');
    if (this.mode === 'link') {
      const url = this._url.value.trim();
      if (!url) {
        this._status.textContent = trans.__('Paste a link first.');
        return null;
      }
      return { url, path };
    }
    const repo = this._repo.value;
    const branch = this._branch.value;
    const remotePath = this._notebook.value;
    if (!repo || !branch || !remotePath) {
      this._status.textContent = trans.__(
        'Choose a repository, a branch and a notebook.'
      );
      return null;
    }
    return { repo, branch, remotePath, path };
  }

  private async _loadRepos(fresh: boolean): Promise<void> {
    const { api, trans } = this._options;
    const owner = this._owner.value.trim();
    if (!owner) {
      this._status.textContent = trans.__(
        'Type a GitHub user or organisation.'
      );
      return;
    }
    const page = fresh ? 1 : (this._nextPage ?? 1);
    if (fresh) {
      this._fill(this._repo, []);
      this._fill(this._branch, []);
      this._fill(this._notebook, []);
    }
    const result = await this._busy(
      trans.__('Looking for the repositories of %1…', owner),
      () => api.browseRepos(owner, this._private.checked, page)
    );
    if (!result) {
      return;
    }
    this._nextPage = result.nextPage;
    this._more.hidden = result.nextPage === null;
    for (const repo of result.repos) {
      const option = document.createElement('option');
      option.value = repo.fullName;
      option.dataset.defaultBranch = repo.defaultBranch;
      option.textContent = repo.private
        ? trans.__('%1 (private)', repo.name)
        : repo.name;
      if (repo.description) {
        option.title = repo.description;
      }
      this._repo.appendChild(option);
    }
    const count = this._repo.options.length;
    this._status.textContent = count
      ? trans._n(
          '%1 repository of %2.',
          '%1 repositories of %2.',
          count,
          result.owner
        )
      : trans.__('No repositories of %1 to show.', result.owner);
    if (fresh && count) {
      this._repo.selectedIndex = 0;
      await this._repoChosen();
    }
  }

  private async _repoChosen(): Promise<void> {
    const { api, trans } = this._options;
    const repo = this._repo.value;
    this._fill(this._branch, []);
    this._fill(this._notebook, []);
    if (!repo) {
      return;
    }
    const result = await this._busy(
      trans.__('Reading the branches of %1…', repo),
      () => api.browseBranches(repo)
    );
    if (!result || this._repo.value !== repo) {
      return;
    }
    this._fill(
      this._branch,
      result.branches.map(b => b.name)
    );
    const fallback = this._repo.selectedOptions[0]?.dataset.defaultBranch ?? '';
    this._branch.value = result.defaultBranch || fallback;
    if (!this._branch.value && this._branch.options.length) {
      this._branch.selectedIndex = 0;
    }
    await this._branchChosen();
  }

  private async _branchChosen(): Promise<void> {
    const { api, trans } = this._options;
    const repo = this._repo.value;
    const branch = this._branch.value;
    this._fill(this._notebook, []);
    if (!repo || !branch) {
      return;
    }
    const result = await this._busy(
      trans.__('Looking for notebooks in %1 (%2)…', repo, branch),
      () => api.browseNotebooks(repo, branch)
    );
    if (!result || this._repo.value !== repo || this._branch.value !== branch) {
      return;
    }
    this._fill(
      this._notebook,
      result.notebooks.map(n => n.path)
    );
    if (result.notebooks.length) {
      this._notebook.selectedIndex = 0;
    }
    this._updateAccept();
    this._status.textContent = result.notebooks.length
      ? result.truncated
        ? trans._n(
            '%1 notebook (GitHub listed only part of this large repository; paste a link for others).',
            '%1 notebooks (GitHub listed only part of this large repository; paste a link for others).',
            result.notebooks.length
          )
        : trans._n('%1 notebook.', '%1 notebooks.', result.notebooks.length)
      : trans.__('No notebooks on this branch.');
  }

  /** Run a request with a message; on failure show it and give null. */
  private async _busy<T>(
    message: string,
    call: () => Promise<T>
  ): Promise<T | null> {
    this._status.textContent = message;
    this.node.setAttribute('aria-busy', 'true');
    try {
      return await call();
    } catch (reason) {
      this._status.textContent =
        reason instanceof Error ? reason.message : String(reason);
      return null;
    } finally {
      this.node.removeAttribute('aria-busy');
    }
  }

  private _fill(select: HTMLSelectElement, values: string[]): void {
    this._fillOptions(select, values);
    this._updateAccept();
  }

  private _fillOptions(select: HTMLSelectElement, values: string[]): void {
    select.replaceChildren(
      ...values.map(value => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = value;
        return option;
      })
    );
  }

  private _radio(
    parent: HTMLElement,
    value: OpenMode,
    text: string
  ): HTMLInputElement {
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-check';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'jp-cloudshare-open-mode';
    input.value = value;
    input.addEventListener('change', () => this.setMode(value));
    label.append(input, document.createTextNode(' ' + text));
    parent.appendChild(label);
    return input;
  }

  private _input(
    parent: HTMLElement,
    name: string,
    text: string
  ): HTMLInputElement {
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.textContent = text;
    const input = document.createElement('input');
    input.type = 'text';
    input.name = name;
    input.className = 'jp-mod-styled';
    input.spellcheck = false;
    label.appendChild(input);
    parent.appendChild(label);
    return input;
  }

  private _select(
    parent: HTMLElement,
    name: string,
    text: string
  ): HTMLSelectElement {
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.textContent = text;
    const select = document.createElement('select');
    select.name = name;
    select.className = 'jp-mod-styled';
    label.appendChild(select);
    parent.appendChild(label);
    return select;
  }

  private _options: OpenFromGitHubBody.IOptions;
  private _linkRadio: HTMLInputElement;
  private _browseRadio: HTMLInputElement;
  private _linkPane: HTMLElement;
  private _browsePane: HTMLElement;
  private _url: HTMLInputElement;
  private _owner: HTMLInputElement;
  private _private: HTMLInputElement;
  private _repo: HTMLSelectElement;
  private _more: HTMLButtonElement;
  private _branch: HTMLSelectElement;
  private _notebook: HTMLSelectElement;
  private _folder: HTMLInputElement;
  private _status: HTMLElement;
  private _nextPage: number | null = null;
}

/**
 * The namespace of `OpenFromGitHubBody`'s types.
 */
export namespace OpenFromGitHubBody {
  /** What the dialog body is built from. */
  export interface IOptions {
    api: IBrowseSource;
    trans: TranslationBundle;
    /** The folder proposed for the notebook (the file browser's). */
    folder?: string;
    /** Whether a GitHub account is signed in (private repositories). */
    signedIn?: boolean;
    /** The signed-in login, proposed as the owner to browse. */
    login?: string | null;
    mode?: OpenMode;
  }
}
