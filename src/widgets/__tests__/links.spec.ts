/**
 * The share and links dialog bodies render the server's answers: pure DOM,
 * no server.
 */
import { Clipboard } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IColabShare, ILinksResult } from '../../tokens';
import { LinksBody } from '../linksDialog';
import { ColabLinkBody, NeedsUploadBody, ShareChoice } from '../shareDialog';

const trans = nullTranslator.load('jupyterlab_cloudshare');

const COLAB =
  'https://colab.research.google.com/github/octocat/hello/blob/main/nb.ipynb';
const BINDER = 'https://mybinder.org/v2/gh/octocat/hello/main?labpath=nb.ipynb';

const LINKS: ILinksResult = {
  path: 'nb.ipynb',
  status: 'ready',
  reason: null,
  location: {
    owner: 'octocat',
    repo: 'hello',
    branch: 'main',
    path: 'nb.ipynb'
  },
  links: [
    {
      target: 'colab',
      label: 'Colab',
      url: COLAB,
      badge_markdown: `[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](${COLAB})`,
      badge_html: `<a href="${COLAB}"><img src="https://colab.research.google.com/assets/colab-badge.svg" alt="Open In Colab"/></a>`
    },
    {
      target: 'binder',
      label: 'Binder',
      url: BINDER,
      badge_markdown: null,
      badge_html: null
    }
  ],
  badgeCell: {
    cell_type: 'markdown',
    id: 'abc',
    metadata: { cloudshare: { badges: true } },
    source: '[![Open In Colab](x)](y)'
  }
};

function share(overrides: Partial<IColabShare>): IColabShare {
  return {
    status: 'needs_upload',
    colabUrl: null,
    reason:
      'The notebook has local changes that are not committed and pushed to GitHub.',
    source: null,
    location: null,
    lastPush: null,
    lastGist: null,
    ...overrides
  };
}

function byName(root: HTMLElement, name: string): HTMLElement | null {
  return root.querySelector(`[aria-label="${name}"]`);
}

function attach<T extends Widget>(widget: T): T {
  Widget.attach(widget, document.body);
  return widget;
}

describe('LinksBody', () => {
  let body: LinksBody;
  afterEach(() => body.dispose());

  it('renders one row per link with label, URL, copy and open', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: true }));
    body.setResult(LINKS);
    const items = body.node.querySelectorAll('.jp-cloudshare-LinkItem');
    expect(
      Array.from(items).map(i => (i as HTMLElement).dataset.target)
    ).toEqual(['colab', 'binder']);
    expect(
      items[1].querySelector('.jp-cloudshare-LinkItem-label')!.textContent
    ).toBe('Binder');

    const url = byName(body.node, 'Binder link') as HTMLInputElement;
    expect(url.value).toBe(BINDER);
    expect(url.readOnly).toBe(true);
    const copy = byName(body.node, 'Copy link for Binder') as HTMLButtonElement;
    expect(copy.tagName).toBe('BUTTON');
    expect(copy.textContent).toBe('Copy link');
    const open = byName(body.node, 'Open in Binder') as HTMLAnchorElement;
    expect(open.href).toBe(BINDER);
    expect(open.target).toBe('_blank');
    expect(open.rel).toContain('noopener');
  });

  it('renders badge snippets with their own copy buttons, only when the target has badges', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: true }));
    body.setResult(LINKS);
    expect(
      (byName(body.node, 'Colab Markdown badge') as HTMLInputElement).value
    ).toBe(LINKS.links[0].badge_markdown);
    expect(
      (byName(body.node, 'Colab HTML badge') as HTMLInputElement).value
    ).toBe(LINKS.links[0].badge_html);
    expect(byName(body.node, 'Copy Markdown badge for Colab')).not.toBeNull();
    expect(byName(body.node, 'Copy HTML badge for Colab')).not.toBeNull();
    expect(byName(body.node, 'Copy Markdown badge for Binder')).toBeNull();
  });

  it('says "Copied" after a copy and announces it', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: true }));
    body.setResult(LINKS);
    // jsdom has no clipboard; the real one is covered by the UI test.
    const copied = jest
      .spyOn(Clipboard, 'copyToSystem')
      .mockImplementation(() => undefined);
    const copy = byName(body.node, 'Copy link for Colab') as HTMLButtonElement;
    copy.click();
    expect(copied).toHaveBeenCalledWith(COLAB);
    copied.mockRestore();
    expect(copy.textContent).toBe('Copied');
    expect(body.node.querySelector('[role="status"]')!.textContent).toBe(
      'Colab link copied to the clipboard.'
    );
  });

  it('shows the reason and disables "Insert badge cell" when there are no links', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: true }));
    body.setResult({
      ...LINKS,
      status: 'not_git',
      reason: 'The notebook is not in a git repository on GitHub.',
      links: [],
      badgeCell: null
    });
    expect(body.node.textContent).toContain(
      'The notebook is not in a git repository on GitHub.'
    );
    expect(body.node.querySelectorAll('.jp-cloudshare-LinkItem')).toHaveLength(
      0
    );
    const insert = body.node.querySelector(
      '.jp-cloudshare-InsertBadgeButton'
    ) as HTMLButtonElement;
    expect(insert.disabled).toBe(true);
  });

  it('emits the badge cell on "Insert badge cell" and the pin state on the checkbox', () => {
    body = attach(new LinksBody({ trans, pin: true, canInsert: true }));
    body.setResult(LINKS);
    const inserted: unknown[] = [];
    const pins: boolean[] = [];
    body.insertRequested.connect((_, cell) => inserted.push(cell));
    body.pinChanged.connect((_, pin) => pins.push(pin));

    const insert = body.node.querySelector(
      '.jp-cloudshare-InsertBadgeButton'
    ) as HTMLButtonElement;
    expect(insert.disabled).toBe(false);
    insert.click();
    expect(inserted).toEqual([LINKS.badgeCell]);

    const pin = body.node.querySelector(
      'input[type="checkbox"]'
    ) as HTMLInputElement;
    expect(pin.checked).toBe(true);
    expect(pin.closest('label')!.textContent).toBe('Pin to commit');
    pin.click();
    expect(pins).toEqual([false]);
  });

  it('cannot insert when the notebook is read-only', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: false }));
    body.setResult(LINKS);
    const insert = body.node.querySelector(
      '.jp-cloudshare-InsertBadgeButton'
    ) as HTMLButtonElement;
    expect(insert.disabled).toBe(true);
  });

  it('reports a failed fetch', () => {
    body = attach(new LinksBody({ trans, pin: false, canInsert: true }));
    body.setLoading();
    expect(body.node.getAttribute('aria-busy')).toBe('true');
    body.setError('Not found');
    expect(body.node.getAttribute('aria-busy')).toBeNull();
    expect(body.node.textContent).toContain('Cannot get the links: Not found');
  });
});

describe('ColabLinkBody', () => {
  it('shows the link read-only, a named Copy button and the private-repository note', () => {
    const body = attach(
      new ColabLinkBody({
        url: COLAB,
        trans,
        where: 'octocat/hello, branch main',
        privateHint:
          'Colab opens a private repository only for someone signed in.'
      })
    );
    const field = byName(body.node, 'Colab link') as HTMLInputElement;
    expect(field.value).toBe(COLAB);
    expect(field.readOnly).toBe(true);
    expect(
      (byName(body.node, 'Copy the Colab link') as HTMLButtonElement)
        .textContent
    ).toBe('Copy');
    expect(body.node.querySelector('[role="note"]')!.textContent).toContain(
      'private repository'
    );
    expect(body.node.textContent).toContain('octocat/hello, branch main');
    body.dispose();
  });
});

describe('NeedsUploadBody', () => {
  const all = { quick: true, push: true, gist: true };

  function choices(body: NeedsUploadBody): {
    [choice: string]: HTMLButtonElement;
  } {
    const out: { [choice: string]: HTMLButtonElement } = {};
    body.node
      .querySelectorAll<HTMLElement>('.jp-cloudshare-Choice')
      .forEach(item => {
        out[item.dataset.choice!] = item.querySelector('button')!;
      });
    return out;
  }

  it('says why and offers a push or a gist when nothing was pushed before', () => {
    const body = attach(
      new NeedsUploadBody({ share: share({}), trans, available: all })
    );
    expect(body.node.textContent).toContain(
      'local changes that are not committed'
    );
    const buttons = choices(body);
    expect(Object.keys(buttons)).toEqual(['push', 'gist']);
    expect(buttons.push.textContent).toBe('Save a Copy in GitHub…');
    expect(buttons.gist.textContent).toBe('Save a Copy as a GitHub Gist…');
    body.dispose();
  });

  it('offers a one-click push to the last place first', () => {
    const body = attach(
      new NeedsUploadBody({
        share: share({
          lastPush: {
            apiUrl: 'https://api.github.com',
            repo: 'octocat/hello',
            branch: 'main',
            path: 'nb.ipynb',
            commitSha: 'abc',
            htmlUrl: 'https://github.com/octocat/hello/blob/main/nb.ipynb',
            colabUrl: COLAB
          }
        }),
        trans,
        available: all
      })
    );
    const buttons = choices(body);
    expect(Object.keys(buttons)).toEqual(['quick', 'push', 'gist']);
    expect(buttons.quick.textContent).toBe(
      'Save Again in octocat/hello (main)'
    );
    const picked: ShareChoice[] = [];
    body.chosen.connect((_, choice) => picked.push(choice));
    buttons.quick.click();
    buttons.gist.click();
    expect(picked).toEqual(['quick', 'gist']);
    body.dispose();
  });

  it('disables the choices whose command is not registered', () => {
    const body = attach(
      new NeedsUploadBody({
        share: share({}),
        trans,
        available: { quick: false, push: true, gist: false }
      })
    );
    const buttons = choices(body);
    expect(buttons.push.disabled).toBe(false);
    expect(buttons.gist.disabled).toBe(true);
    body.dispose();
  });

  it('offers no upload when Colab cannot open this GitHub at all', () => {
    const body = attach(
      new NeedsUploadBody({
        share: share({
          status: 'unavailable',
          reason: 'This server shares to GitHub Enterprise.'
        }),
        trans,
        available: all
      })
    );
    expect(body.node.textContent).toContain('GitHub Enterprise');
    expect(Object.keys(choices(body))).toEqual([]);
    body.dispose();
  });
});
