/**
 * The push dialog's form logic, the repository picker's filtering and paging,
 * and the form widget, against an in-memory repository source.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IBranches, IPushRecord, IRepo, IRepoPage } from '../../tokens';
import {
  buildPushRequest,
  DEFAULT_COMMIT_MESSAGE,
  defaultPushState,
  isValidBranchName,
  NEW_BRANCH,
  newBranchName,
  PushForm
} from '../pushDialog';
import { isRepoName, RepoPicker, RepoSearch } from '../repoPicker';
import { missingScopes, newTokenUrl } from '../signInDialog';

const trans = nullTranslator.load('jupyterlab_cloudshare');

const LAST: IPushRecord = {
  apiUrl: 'https://api.github.com',
  repo: 'octocat/hello',
  branch: 'analysis',
  path: 'notebooks/demo.ipynb',
  commitSha: 'abc',
  htmlUrl:
    'https://github.com/octocat/hello/blob/analysis/notebooks/demo.ipynb',
  colabUrl: null
};

/** A GitHub account with many repositories, paged like the server does (3 per page). */
class FakeSource {
  constructor(readonly all: IRepo[]) {}
  calls: { q: string; page: number }[] = [];
  failNext = false;
  delays: { [q: string]: number } = {};

  async githubRepos(q: string, page = 1): Promise<IRepoPage> {
    this.calls.push({ q, page });
    if (this.delays[q]) {
      await new Promise(resolve => setTimeout(resolve, this.delays[q]));
    }
    if (this.failNext) {
      this.failNext = false;
      throw new Error('GitHub is unreachable');
    }
    const matching = this.all.filter(r =>
      r.fullName.toLowerCase().includes(q.toLowerCase())
    );
    const start = (page - 1) * 3;
    return {
      repos: matching.slice(start, start + 3),
      nextPage: start + 3 < matching.length ? page + 1 : null
    };
  }

  async githubBranches(repo: string): Promise<IBranches> {
    return {
      branches: [
        { name: 'main', sha: '1' },
        { name: 'analysis', sha: '2' }
      ],
      defaultBranch: repo === 'octocat/hello' ? 'main' : 'trunk'
    };
  }
}

function repo(fullName: string, canPush = true): IRepo {
  return { fullName, private: false, defaultBranch: 'main', canPush };
}

const REPOS = [
  repo('octocat/hello'),
  repo('octocat/hello-data'),
  repo('octocat/spoon-knife'),
  repo('octocat/linguist'),
  repo('octocat/hello-notebooks'),
  repo('github/docs', false),
  repo('octocat/hello-world')
];

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe('defaultPushState', () => {
  it('prefills repository, branch and path from the last push', () => {
    const state = defaultPushState('demo.ipynb', LAST);
    expect(state).toMatchObject({
      repo: 'octocat/hello',
      branch: 'analysis',
      targetPath: 'notebooks/demo.ipynb',
      message: DEFAULT_COMMIT_MESSAGE,
      colabLink: true,
      withPy: false,
      noOutputs: false,
      newBranch: null
    });
  });

  it('starts from the notebook path without a last push', () => {
    const state = defaultPushState('/work/demo.ipynb', null);
    expect(state.repo).toBe('');
    expect(state.branch).toBe('');
    expect(state.targetPath).toBe('work/demo.ipynb');
  });

  it('lets the command arguments win, ignoring the last branch of another repository', () => {
    const state = defaultPushState('demo.ipynb', LAST, {
      repo: 'octocat/other',
      noOutputs: true
    });
    expect(state.repo).toBe('octocat/other');
    expect(state.branch).toBe('');
    expect(state.targetPath).toBe('demo.ipynb');
    expect(state.noOutputs).toBe(true);
  });
});

describe('buildPushRequest', () => {
  it('builds the request of an existing branch', () => {
    const state = {
      ...defaultPushState('demo.ipynb', LAST),
      withPy: true,
      message: '  '
    };
    expect(buildPushRequest('demo.ipynb', state, trans)).toEqual({
      path: 'demo.ipynb',
      repo: 'octocat/hello',
      branch: 'analysis',
      targetPath: 'notebooks/demo.ipynb',
      message: DEFAULT_COMMIT_MESSAGE,
      colabLink: true,
      withPy: true,
      noOutputs: false,
      force: false
    });
  });

  it('creates a new branch from the default branch', () => {
    const state = {
      ...defaultPushState('demo.ipynb', LAST),
      newBranch: ' cloudshare/demo-20250102-0304 ',
      baseBranch: 'main'
    };
    const request = buildPushRequest('demo.ipynb', state, trans);
    expect(request.branch).toBe('cloudshare/demo-20250102-0304');
    expect(request.newBranchFrom).toBe('main');
  });

  it('lets the server pick the branch when none is chosen', () => {
    const request = buildPushRequest(
      'demo.ipynb',
      defaultPushState('demo.ipynb', null, { repo: 'a/b' }),
      trans
    );
    expect(request.branch).toBeUndefined();
    expect(request.newBranchFrom).toBeUndefined();
  });

  it('says what to fix', () => {
    const state = defaultPushState('demo.ipynb', null);
    expect(() => buildPushRequest('demo.ipynb', state, trans)).toThrow(
      'Choose a repository'
    );
    expect(() =>
      buildPushRequest(
        'demo.ipynb',
        { ...state, repo: 'a/b', targetPath: ' / ' },
        trans
      )
    ).toThrow('file path');
    expect(() =>
      buildPushRequest(
        'demo.ipynb',
        { ...state, repo: 'a/b', newBranch: 'bad name', baseBranch: 'main' },
        trans
      )
    ).toThrow('not a valid branch name');
  });
});

describe('newBranchName', () => {
  it('names the branch after the notebook and the time', () => {
    const date = new Date(2025, 0, 2, 3, 4);
    expect(newBranchName('work/My Analysis (v2).ipynb', date)).toBe(
      'cloudshare/My-Analysis-v2-20250102-0304'
    );
    expect(
      isValidBranchName(newBranchName('work/My Analysis (v2).ipynb', date))
    ).toBe(true);
    expect(newBranchName('...ipynb', date)).toBe(
      'cloudshare/notebook-20250102-0304'
    );
  });

  it('applies git’s ref-name rules', () => {
    for (const bad of [
      '',
      'a b',
      'a..b',
      'a~1',
      'x.lock',
      '/a',
      'a/',
      'a//b',
      '-a',
      'a/.b',
      'a@{1'
    ]) {
      expect(isValidBranchName(bad)).toBe(false);
    }
    expect(isValidBranchName('feature/x_1.2')).toBe(true);
  });
});

describe('sign-in helpers', () => {
  it('links to a token page with the needed scopes', () => {
    expect(newTokenUrl('https://github.example.com/')).toBe(
      'https://github.example.com/settings/tokens/new?scopes=repo,gist&description=jupyterlab-cloudshare'
    );
  });
  it('tells which scopes a classic token lacks', () => {
    expect(missingScopes(['public_repo'])).toEqual(['gist']);
    expect(missingScopes(['repo', 'gist'])).toEqual([]);
    expect(missingScopes([])).toEqual([]);
  });
  it('recognises owner/name', () => {
    expect(isRepoName('octocat/hello.world')).toBe(true);
    expect(isRepoName('octocat')).toBe(false);
    expect(isRepoName('a/b/c')).toBe(false);
  });
});

describe('RepoSearch', () => {
  it('pages through the matching repositories', async () => {
    const source = new FakeSource(REPOS);
    const search = new RepoSearch(source);
    await search.search('hello');
    expect(search.repos.map(r => r.fullName)).toEqual([
      'octocat/hello',
      'octocat/hello-data',
      'octocat/hello-notebooks'
    ]);
    expect(search.hasMore).toBe(true);
    await search.loadMore();
    expect(search.repos.map(r => r.fullName)).toContain('octocat/hello-world');
    expect(search.hasMore).toBe(false);
    await search.loadMore();
    expect(source.calls).toEqual([
      { q: 'hello', page: 1 },
      { q: 'hello', page: 2 }
    ]);
  });

  it('drops the answer to a filter the user already changed', async () => {
    const source = new FakeSource(REPOS);
    source.delays = { hel: 30 };
    const search = new RepoSearch(source);
    const slow = search.search('hel');
    const fast = search.search('spoon');
    await Promise.all([slow, fast]);
    expect(search.query).toBe('spoon');
    expect(search.repos.map(r => r.fullName)).toEqual(['octocat/spoon-knife']);
    expect(search.loading).toBe(false);
  });

  it('reports a failure and stops paging', async () => {
    const source = new FakeSource(REPOS);
    source.failNext = true;
    const search = new RepoSearch(source);
    await search.search('');
    expect(search.error).toBe('GitHub is unreachable');
    expect(search.hasMore).toBe(false);
  });
});

describe('RepoPicker', () => {
  let picker: RepoPicker;
  let source: FakeSource;

  beforeEach(() => {
    source = new FakeSource(REPOS);
    picker = new RepoPicker({ source, trans, debounceMs: 5 });
    Widget.attach(picker, document.body);
  });
  afterEach(() => picker.dispose());

  const input = () => picker.node.querySelector('input') as HTMLInputElement;
  const options = () =>
    Array.from(
      picker.node.querySelectorAll<HTMLElement>('li[role="option"]')
    ).map(li => li.textContent?.trim());
  const type = (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input'));
  };
  const key = (k: string) =>
    input().dispatchEvent(
      new KeyboardEvent('keydown', { key: k, cancelable: true })
    );

  it('asks the server once the user pauses typing', async () => {
    type('h');
    type('he');
    type('hello-');
    await new Promise(resolve => setTimeout(resolve, 30));
    await flush();
    expect(source.calls).toEqual([{ q: 'hello-', page: 1 }]);
    expect(options()).toEqual([
      'octocat/hello-data',
      'octocat/hello-notebooks',
      'octocat/hello-world'
    ]);
    expect(input().getAttribute('aria-expanded')).toBe('true');
  });

  it('loads more with its "More…" entry and picks with the keyboard', async () => {
    const committed: string[] = [];
    picker.committed.connect((_, name) => committed.push(name));
    input().dispatchEvent(new Event('focus'));
    await flush();
    expect(options()).toEqual([
      'octocat/hello',
      'octocat/hello-data',
      'octocat/spoon-knife',
      'More…'
    ]);
    (picker.node.querySelector('li[data-more]') as HTMLElement).click();
    await flush();
    expect(options()).toHaveLength(7);
    key('ArrowDown');
    key('ArrowDown');
    key('Enter');
    expect(picker.value).toBe('octocat/hello-data');
    expect(committed).toEqual(['octocat/hello-data']);
    expect(input().getAttribute('aria-expanded')).toBe('false');
  });

  it('shows read-only repositories but does not let them be picked', async () => {
    type('docs');
    await new Promise(resolve => setTimeout(resolve, 30));
    await flush();
    const li = picker.node.querySelector(
      'li[data-repo="github/docs"]'
    ) as HTMLElement;
    expect(li.getAttribute('aria-disabled')).toBe('true');
    li.click();
    expect(picker.value).toBe('docs');
  });
});

describe('PushForm', () => {
  it('loads the branches, keeps the last one and builds a new-branch request', async () => {
    const source = new FakeSource(REPOS);
    const form = new PushForm({
      api: source,
      trans,
      notebookPath: 'demo.ipynb',
      state: defaultPushState('demo.ipynb', LAST)
    });
    Widget.attach(form, document.body);
    await form.branchesLoaded;
    const select = form.node.querySelector('select') as HTMLSelectElement;
    expect(Array.from(select.options).map(o => o.value)).toEqual([
      'main',
      'analysis',
      NEW_BRANCH
    ]);
    expect(select.value).toBe('analysis');
    expect(form.getValue()).toMatchObject({
      repo: 'octocat/hello',
      branch: 'analysis'
    });

    select.value = NEW_BRANCH;
    select.dispatchEvent(new Event('change'));
    const name = form.node.querySelector(
      'input[name="newBranch"]'
    ) as HTMLInputElement;
    expect(name.hidden).toBe(false);
    expect(name.value).toMatch(/^cloudshare\/demo-\d{8}-\d{4}$/);
    const request = form.getValue();
    expect(request.branch).toBe(name.value);
    expect(request.newBranchFrom).toBe('main');
    form.dispose();
  });
});
