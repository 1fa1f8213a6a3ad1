/**
 * The "Open from GitHub…" dialog body: a link, or browsing an owner's
 * repositories, a branch and its notebooks, over a stand-in of the server's
 * browse endpoints that records what it is asked.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IBranches, IBranchNotebooks, IOwnerRepos } from '../../tokens';
import { IBrowseSource, OpenFromGitHubBody } from '../openDialog';

const trans = nullTranslator.load('jupyterlab_cloudshare');

class Source implements IBrowseSource {
  calls: string[] = [];
  pages: { [page: number]: IOwnerRepos } = {
    1: {
      owner: 'octocat',
      repos: [
        {
          fullName: 'octocat/hello',
          name: 'hello',
          private: false,
          defaultBranch: 'main',
          description: 'Greetings'
        },
        {
          fullName: 'octocat/secret',
          name: 'secret',
          private: true,
          defaultBranch: 'trunk',
          description: null
        }
      ],
      nextPage: 2
    },
    2: {
      owner: 'octocat',
      repos: [
        {
          fullName: 'octocat/zeta',
          name: 'zeta',
          private: false,
          defaultBranch: 'main',
          description: null
        }
      ],
      nextPage: null
    }
  };
  failOwner = '';

  async browseRepos(
    owner: string,
    includePrivate: boolean,
    page = 1
  ): Promise<IOwnerRepos> {
    this.calls.push(`repos ${owner} ${includePrivate} ${page}`);
    if (owner === this.failOwner) {
      throw new Error(`GitHub has no user or organisation '${owner}'.`);
    }
    return this.pages[page];
  }

  async browseBranches(repo: string): Promise<IBranches> {
    this.calls.push(`branches ${repo}`);
    return {
      branches: [
        { name: 'feature/x', sha: 'a' },
        { name: 'main', sha: 'b' }
      ],
      defaultBranch: 'main'
    };
  }

  async browseNotebooks(
    repo: string,
    branch: string
  ): Promise<IBranchNotebooks> {
    this.calls.push(`notebooks ${repo} ${branch}`);
    return {
      repo,
      branch,
      notebooks: [
        { path: 'a.ipynb', size: 10, sha: '1' },
        { path: `dir/${branch}.ipynb`, size: 20, sha: '2' }
      ],
      truncated: false
    };
  }
}

function field<T extends HTMLElement>(body: Widget, name: string): T {
  return body.node.querySelector(`[name="${name}"]`) as T;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

function make(
  source: Source,
  options: Partial<OpenFromGitHubBody.IOptions> = {}
): OpenFromGitHubBody {
  const body = new OpenFromGitHubBody({ api: source, trans, ...options });
  Widget.attach(body, document.body);
  return body;
}

describe('OpenFromGitHubBody', () => {
  it('opens a pasted link into the folder proposed, trimmed', () => {
    const body = make(new Source(), { folder: 'work/nbs' });
    expect(body.mode).toBe('link');
    expect(body.getValue()).toBeNull();
    expect(body.node.textContent).toContain('Paste a link first.');
    field<HTMLInputElement>(body, 'url').value =
      '  https://github.com/o/r/blob/main/n.ipynb ';
    field<HTMLInputElement>(body, 'folder').value = '/work/nbs/';
    expect(body.getValue()).toEqual({
      url: 'https://github.com/o/r/blob/main/n.ipynb',
      path: 'work/nbs'
    });
    body.dispose();
  });

  it('browses an owner, a repository, its default branch and a notebook', async () => {
    const source = new Source();
    const body = make(source, { signedIn: true, login: 'octocat' });
    body.setMode('browse');
    expect(field<HTMLInputElement>(body, 'owner').value).toBe('octocat');
    expect(body.getValue()).toBeNull();
    await body.search();
    await settle();
    expect(source.calls).toEqual([
      'repos octocat false 1',
      'branches octocat/hello',
      'notebooks octocat/hello main'
    ]);
    const repos = field<HTMLSelectElement>(body, 'repo');
    expect(Array.from(repos.options).map(o => o.textContent)).toEqual([
      'hello',
      'secret (private)'
    ]);
    expect(field<HTMLSelectElement>(body, 'branch').value).toBe('main');
    const notebooks = field<HTMLSelectElement>(body, 'notebook');
    notebooks.value = 'dir/main.ipynb';
    expect(body.getValue()).toEqual({
      repo: 'octocat/hello',
      branch: 'main',
      remotePath: 'dir/main.ipynb',
      path: ''
    });

    // Another branch lists its own notebooks.
    const branch = field<HTMLSelectElement>(body, 'branch');
    branch.value = 'feature/x';
    branch.dispatchEvent(new Event('change'));
    await settle();
    expect(source.calls[source.calls.length - 1]).toBe(
      'notebooks octocat/hello feature/x'
    );
    expect(Array.from(notebooks.options).map(o => o.value)).toContain(
      'dir/feature/x.ipynb'
    );

    // The next page of repositories is appended; there is none after it.
    const more = Array.from(body.node.querySelectorAll('button')).find(
      b => b.textContent === 'More repositories'
    )!;
    expect(more.hidden).toBe(false);
    more.click();
    await settle();
    expect(source.calls).toContain('repos octocat false 2');
    expect(repos.options).toHaveLength(3);
    expect(more.hidden).toBe(true);
    body.dispose();
  });

  it('asks for private repositories only when signed in', async () => {
    const source = new Source();
    const signedOut = make(source);
    expect(field<HTMLInputElement>(signedOut, 'private').disabled).toBe(true);
    signedOut.dispose();
    const body = make(source, { signedIn: true, login: 'octocat' });
    const box = field<HTMLInputElement>(body, 'private');
    expect(box.disabled).toBe(false);
    box.checked = true;
    await body.search();
    expect(source.calls[0]).toBe('repos octocat true 1');
    body.dispose();
  });

  it('searches on Enter in the owner field instead of closing the dialog', async () => {
    const source = new Source();
    const body = make(source, { login: 'octocat', mode: 'browse' });
    const reachedDialog = jest.fn();
    body.node.addEventListener('keydown', reachedDialog, true);
    field<HTMLInputElement>(body, 'owner').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
    );
    await settle();
    expect(reachedDialog).not.toHaveBeenCalled();
    expect(source.calls[0]).toBe('repos octocat false 1');
    body.dispose();
  });

  it('enables the Open button of the dialog only when something is named', async () => {
    const dialog = document.createElement('div');
    dialog.className = 'jp-Dialog';
    const footer = document.createElement('div');
    footer.className = 'jp-Dialog-footer';
    const accept = document.createElement('button');
    accept.className = 'jp-mod-accept';
    footer.appendChild(accept);
    document.body.appendChild(dialog);
    const source = new Source();
    const body = new OpenFromGitHubBody({
      api: source,
      trans,
      login: 'octocat'
    });
    Widget.attach(body, dialog);
    dialog.appendChild(footer);
    body.setMode('link');
    expect(accept.disabled).toBe(true);
    const url = field<HTMLInputElement>(body, 'url');
    url.value = 'https://github.com/o/r/blob/main/n.ipynb';
    url.dispatchEvent(new Event('input', { bubbles: true }));
    expect(accept.disabled).toBe(false);
    body.setMode('browse');
    expect(accept.disabled).toBe(true);
    await body.search();
    await settle();
    expect(accept.disabled).toBe(false);
    body.dispose();
    dialog.remove();
  });

  it('shows a failure in one line and keeps the form', async () => {
    const source = new Source();
    source.failOwner = 'nobody';
    const body = make(source, { mode: 'browse' });
    field<HTMLInputElement>(body, 'owner').value = 'nobody';
    await body.search();
    expect(body.node.querySelector('[role="status"]')!.textContent).toBe(
      "GitHub has no user or organisation 'nobody'."
    );
    expect(field<HTMLSelectElement>(body, 'repo').options).toHaveLength(0);
    body.dispose();
  });
});
