import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { errorMessage } from '../commands/export';
import { IRepo, IRepoPage } from '../tokens';

/** Where repositories come from: `CloudShareAPI.githubRepos` or a test double. */
export interface IRepoSource {
  githubRepos(q: string, page?: number): Promise<IRepoPage>;
}

/** A repository full name, `owner/name`. */
export const REPO_PATTERN = '[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+';

/** Whether a text is a repository full name. */
export function isRepoName(text: string): boolean {
  return new RegExp(`^${REPO_PATTERN}$`).test(text.trim());
}

/** Whether a repository matches a filter (case-insensitive substring of its full name). */
export function repoMatches(repo: IRepo, query: string): boolean {
  return repo.fullName.toLowerCase().includes(query.trim().toLowerCase());
}

/**
 * The repositories matching a filter, paged from the server so an account
 * with thousands of repositories stays fast. Answers to an older filter are
 * dropped when a newer one was asked meanwhile.
 */
export class RepoSearch {
  constructor(source: IRepoSource) {
    this._source = source;
  }

  /** Emitted when the list, the loading state or the error changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The filter of the current list. */
  get query(): string {
    return this._query;
  }

  /** The repositories loaded so far for the current filter. */
  get repos(): readonly IRepo[] {
    return this._repos;
  }

  /** Whether the server has more pages for the current filter. */
  get hasMore(): boolean {
    return this._nextPage !== null;
  }

  /** Whether a page is being loaded. */
  get loading(): boolean {
    return this._loading;
  }

  /** The last failure, for the user. */
  get error(): string | null {
    return this._error;
  }

  /** Start over with a new filter: loads its first page. */
  async search(query: string): Promise<void> {
    this._query = query.trim();
    this._repos = [];
    this._nextPage = 1;
    this._generation++;
    await this._load();
  }

  /** Append the next page of the current filter. */
  async loadMore(): Promise<void> {
    if (this._nextPage === null || this._loading) {
      return;
    }
    await this._load();
  }

  private async _load(): Promise<void> {
    const generation = this._generation;
    const page = this._nextPage ?? 1;
    this._loading = true;
    this._error = null;
    this._changed.emit();
    try {
      const answer = await this._source.githubRepos(this._query, page);
      if (generation !== this._generation) {
        return;
      }
      const known = new Set(this._repos.map(r => r.fullName));
      // The server filters; filtering again keeps the list right whatever it matched.
      const fresh = answer.repos.filter(
        r => !known.has(r.fullName) && repoMatches(r, this._query)
      );
      this._repos = [...this._repos, ...fresh];
      this._nextPage = answer.nextPage;
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._error = errorMessage(error);
      this._nextPage = null;
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }

  private _source: IRepoSource;
  private _query = '';
  private _repos: IRepo[] = [];
  private _nextPage: number | null = 1;
  private _loading = false;
  private _error: string | null = null;
  private _generation = 0;
  private _changed = new Signal<this, void>(this);
}

let pickerCount = 0;

/**
 * A filterable repository picker: an accessible combobox (type to filter,
 * arrows to move, Enter to choose) over a listbox that loads more
 * repositories on scroll or with its "More…" entry. Any `owner/name` can be
 * typed, including repositories the list does not show.
 */
export class RepoPicker extends Widget {
  constructor(options: RepoPicker.IOptions) {
    super();
    this.addClass('jp-cloudshare-RepoPicker');
    const { trans } = options;
    this._trans = trans;
    this._search = new RepoSearch(options.source);
    this._debounceMs = options.debounceMs ?? 250;
    const id = `jp-cloudshare-repos-${++pickerCount}`;

    this._input = document.createElement('input');
    this._input.type = 'text';
    this._input.className = 'jp-mod-styled jp-cloudshare-RepoPicker-input';
    this._input.id = `${id}-input`;
    this._input.name = 'repo';
    this._input.required = true;
    this._input.pattern = REPO_PATTERN;
    this._input.autocomplete = 'off';
    this._input.spellcheck = false;
    this._input.placeholder = trans.__('owner/repository');
    this._input.value = options.value ?? '';
    this._lastCommitted = this._input.value.trim();
    this._input.setAttribute('role', 'combobox');
    this._input.setAttribute('aria-autocomplete', 'list');
    this._input.setAttribute('aria-expanded', 'false');
    this._input.setAttribute('aria-controls', `${id}-list`);

    this._list = document.createElement('ul');
    this._list.id = `${id}-list`;
    this._list.className = 'jp-cloudshare-RepoPicker-list';
    this._list.setAttribute('role', 'listbox');
    this._list.setAttribute('aria-label', trans.__('Repositories'));
    this._list.hidden = true;

    this._status = document.createElement('div');
    this._status.className = 'jp-cloudshare-RepoPicker-status';
    this._status.setAttribute('aria-live', 'polite');

    this.node.append(this._input, this._list, this._status);
    // Listeners on the nodes themselves: the picker may sit inside a plain
    // DOM form, where it receives no Lumino attach messages.
    for (const type of ['input', 'keydown', 'focus', 'blur']) {
      this._input.addEventListener(type, this);
    }
    for (const type of ['mousedown', 'click', 'scroll']) {
      this._list.addEventListener(type, this);
    }
    this._search.changed.connect(this._render, this);
  }

  /** The id of the text input (for a `<label for>`). */
  get inputId(): string {
    return this._input.id;
  }

  /** The model behind the list. */
  get search(): RepoSearch {
    return this._search;
  }

  /** The chosen or typed repository. */
  get value(): string {
    return this._input.value.trim();
  }
  set value(value: string) {
    this._input.value = value;
  }

  /** The repository object of the value, when it is in the list. */
  get selected(): IRepo | null {
    return (
      this._search.repos.find(r => r.fullName === this.value) ?? this._chosen
    );
  }

  /** Emitted with the repository name when the user picks or leaves a repository. */
  get committed(): ISignal<this, string> {
    return this._committed;
  }

  /** Open the list (loading its first page when needed). */
  open(): void {
    this._setExpanded(true);
    if (!this._loadedOnce) {
      this._loadedOnce = true;
      void this._search.search(this._filterText());
    }
  }

  /** Close the list. */
  close(): void {
    this._setExpanded(false);
  }

  handleEvent(event: Event): void {
    switch (event.type) {
      case 'input':
        this._onInput();
        break;
      case 'keydown':
        this._onKeydown(event as KeyboardEvent);
        break;
      case 'focus':
        this.open();
        break;
      case 'blur':
        this._onBlur(event as FocusEvent);
        break;
      case 'mousedown':
        // Keep the focus in the input while clicking an option.
        event.preventDefault();
        break;
      case 'click':
        this._onClick(event as MouseEvent);
        break;
      case 'scroll':
        this._onScroll();
        break;
    }
  }

  dispose(): void {
    if (this._timer !== undefined) {
      window.clearTimeout(this._timer);
    }
    Signal.clearData(this);
    super.dispose();
  }

  /** The filter is what the user typed, unless it is the chosen repository. */
  private _filterText(): string {
    return this._chosen && this._chosen.fullName === this.value
      ? ''
      : this.value;
  }

  private _onInput(): void {
    this._chosen = null;
    this._active = -1;
    this._setExpanded(true);
    this._loadedOnce = true;
    if (this._timer !== undefined) {
      window.clearTimeout(this._timer);
    }
    // Type-ahead: ask the server once the user pauses.
    this._timer = window.setTimeout(() => {
      this._timer = undefined;
      void this._search.search(this.value);
    }, this._debounceMs);
  }

  private _onKeydown(event: KeyboardEvent): void {
    const options = this._optionNodes();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (this._list.hidden) {
          this.open();
          return;
        }
        this._moveActive(Math.min(this._active + 1, options.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        this._moveActive(Math.max(this._active - 1, 0));
        break;
      case 'Enter':
        if (!this._list.hidden) {
          event.preventDefault();
          event.stopPropagation();
          if (this._active >= 0 && options[this._active]) {
            this._activate(options[this._active]);
          } else {
            this._commit();
          }
        }
        break;
      case 'Escape':
        if (!this._list.hidden) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        }
        break;
      case 'Tab':
        this._commit();
        break;
    }
  }

  private _onBlur(event: FocusEvent): void {
    if (
      event.relatedTarget &&
      this.node.contains(event.relatedTarget as Node)
    ) {
      return;
    }
    this._commit();
  }

  private _onClick(event: MouseEvent): void {
    const option = (event.target as HTMLElement).closest('li[role="option"]');
    if (option) {
      this._activate(option as HTMLElement);
    }
  }

  private _onScroll(): void {
    const list = this._list;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 24) {
      void this._search.loadMore();
    }
  }

  private _activate(option: HTMLElement): void {
    if (option.dataset.more !== undefined) {
      void this._search.loadMore();
      return;
    }
    if (option.getAttribute('aria-disabled') === 'true') {
      return;
    }
    const name = option.dataset.repo ?? '';
    this._chosen = this._search.repos.find(r => r.fullName === name) ?? null;
    this._input.value = name;
    this._commit();
  }

  private _commit(): void {
    this.close();
    const value = this.value;
    if (value !== this._lastCommitted) {
      this._lastCommitted = value;
      this._committed.emit(value);
    }
  }

  private _moveActive(index: number): void {
    const options = this._optionNodes();
    this._active = index;
    options.forEach((node, i) =>
      node.classList.toggle('jp-mod-active', i === index)
    );
    const node = options[index];
    if (node) {
      this._input.setAttribute('aria-activedescendant', node.id);
      node.scrollIntoView?.({ block: 'nearest' });
    } else {
      this._input.removeAttribute('aria-activedescendant');
    }
  }

  private _optionNodes(): HTMLElement[] {
    return Array.from(
      this._list.querySelectorAll<HTMLElement>('li[role="option"]')
    );
  }

  private _setExpanded(expanded: boolean): void {
    this._list.hidden = !expanded;
    this._input.setAttribute('aria-expanded', String(expanded));
    if (!expanded) {
      this._input.removeAttribute('aria-activedescendant');
      this._active = -1;
    }
  }

  private _render(): void {
    const trans = this._trans;
    const search = this._search;
    this._list.textContent = '';
    search.repos.forEach((repo, i) => {
      const li = document.createElement('li');
      li.id = `${this._list.id}-${i}`;
      li.className = 'jp-cloudshare-RepoPicker-option';
      li.setAttribute('role', 'option');
      li.dataset.repo = repo.fullName;
      li.setAttribute('aria-selected', String(repo.fullName === this.value));
      const name = document.createElement('span');
      name.className = 'jp-cloudshare-RepoPicker-name';
      name.textContent = repo.fullName;
      li.appendChild(name);
      if (repo.private) {
        li.appendChild(this._tag(trans.__('private')));
      }
      if (!repo.canPush) {
        li.setAttribute('aria-disabled', 'true');
        li.title = trans.__('You cannot push to this repository');
        li.appendChild(this._tag(trans.__('read-only')));
      }
      this._list.appendChild(li);
    });
    if (search.hasMore && !search.loading) {
      const more = document.createElement('li');
      more.id = `${this._list.id}-more`;
      more.className =
        'jp-cloudshare-RepoPicker-option jp-cloudshare-RepoPicker-more';
      more.setAttribute('role', 'option');
      more.dataset.more = '';
      more.textContent = trans.__('More…');
      this._list.appendChild(more);
    }
    if (search.loading) {
      this._status.textContent = trans.__('Loading repositories…');
    } else if (search.error) {
      this._status.textContent = search.error;
    } else if (!search.repos.length) {
      this._status.textContent = search.query
        ? trans.__(
            'No repository matches "%1"; you can still type owner/name.',
            search.query
          )
        : trans.__('No repositories found.');
    } else {
      this._status.textContent = '';
    }
    this._status.classList.toggle('jp-mod-error-message', !!search.error);
    if (this._active >= 0) {
      this._moveActive(Math.min(this._active, this._optionNodes().length - 1));
    }
  }

  private _tag(text: string): HTMLElement {
    const tag = document.createElement('span');
    tag.className = 'jp-cloudshare-RepoPicker-tag';
    tag.textContent = text;
    return tag;
  }

  private _trans: TranslationBundle;
  private _search: RepoSearch;
  private _debounceMs: number;
  private _input: HTMLInputElement;
  private _list: HTMLUListElement;
  private _status: HTMLElement;
  private _timer: number | undefined = undefined;
  private _active = -1;
  private _loadedOnce = false;
  private _chosen: IRepo | null = null;
  private _lastCommitted = '';
  private _committed = new Signal<this, string>(this);
}

/** The RepoPicker's types. */
export namespace RepoPicker {
  /** The picker's options. */
  export interface IOptions {
    source: IRepoSource;
    trans: TranslationBundle;
    /** The initial repository. */
    value?: string;
    /** Type-ahead delay before asking the server, in ms. */
    debounceMs?: number;
  }
}
