import { Clipboard, Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { IColabShare } from '../tokens';

/** How long a copy button says "Copied" before reverting, in milliseconds. */
const COPIED_FEEDBACK_MS = 2000;

/** Options of {@link createCopyButton}. */
export interface ICopyButtonOptions {
  /** The text put on the clipboard. */
  text: () => string;
  /** The visible label ("Copy", "Copy link"). */
  label: string;
  /** The accessible name; it should contain the visible label. */
  accessibleName: string;
  trans: TranslationBundle;
  /** A live region that announces the copy to screen readers. */
  status?: HTMLElement;
  /** The announcement, e.g. "Colab link copied to the clipboard." */
  announcement?: string;
}

/**
 * A button that copies a text to the system clipboard and says "Copied"
 * for a moment.
 */
export function createCopyButton(
  options: ICopyButtonOptions
): HTMLButtonElement {
  const { trans } = options;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'jp-mod-styled jp-cloudshare-CopyButton';
  button.textContent = options.label;
  button.setAttribute('aria-label', options.accessibleName);
  let timer = 0;
  button.addEventListener('click', () => {
    Clipboard.copyToSystem(options.text());
    button.textContent = trans.__('Copied');
    button.classList.add('jp-mod-copied');
    if (options.status) {
      options.status.textContent =
        options.announcement ?? trans.__('Copied to the clipboard.');
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      button.textContent = options.label;
      button.classList.remove('jp-mod-copied');
    }, COPIED_FEEDBACK_MS);
  });
  return button;
}

/**
 * A read-only text field that selects its whole value when focused. A long
 * value shows its end (for a URL, the notebook's name), and the whole value
 * is its tooltip.
 */
export function createReadOnlyField(
  value: string,
  accessibleName: string
): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'text';
  input.readOnly = true;
  input.value = value;
  input.title = value;
  input.spellcheck = false;
  input.className = 'jp-mod-styled jp-cloudshare-ReadOnlyField';
  input.setAttribute('aria-label', accessibleName);
  const showEnd = () => {
    input.scrollLeft = input.scrollWidth;
  };
  input.addEventListener('focus', () => {
    input.select();
    showEnd();
  });
  input.addEventListener('blur', showEnd);
  // Once laid out (the dialog attaches it later), scroll to the end.
  if (typeof ResizeObserver !== 'undefined') {
    const observer = new ResizeObserver(() => {
      if (input.clientWidth > 0) {
        showEnd();
        observer.disconnect();
      }
    });
    observer.observe(input);
  }
  return input;
}

/** A polite live region for short confirmations ("Copied"). */
export function createStatusRegion(className: string): HTMLElement {
  const status = document.createElement('div');
  status.className = className;
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  return status;
}

/** Options of {@link ColabLinkBody}. */
export interface IColabLinkBodyOptions {
  /** The Colab URL to show. */
  url: string;
  trans: TranslationBundle;
  /** Where the link points, e.g. "octocat/hello, branch main". */
  where?: string | null;
  /** The note about private repositories, shown when given. */
  privateHint?: string | null;
}

/**
 * The body of the "Open in Colab" dialog: the link (read-only), a Copy
 * button with feedback, and the private-repository note.
 */
export class ColabLinkBody extends Widget {
  constructor(options: IColabLinkBodyOptions) {
    super();
    const { trans } = options;
    this.url = options.url;
    this.addClass('jp-cloudshare-ColabLinkBody');

    const intro = document.createElement('p');
    intro.className = 'jp-cloudshare-ColabLinkBody-intro';
    intro.textContent = options.where
      ? trans.__('Colab opens this notebook from GitHub (%1).', options.where)
      : trans.__('Colab opens this notebook from GitHub.');
    this.node.appendChild(intro);

    const status = createStatusRegion('jp-cloudshare-ColabLinkBody-status');
    const row = document.createElement('div');
    row.className = 'jp-cloudshare-FieldRow';
    row.appendChild(createReadOnlyField(this.url, trans.__('Colab link')));
    row.appendChild(
      createCopyButton({
        text: () => this.url,
        label: trans.__('Copy'),
        accessibleName: trans.__('Copy the Colab link'),
        trans,
        status,
        announcement: trans.__('Colab link copied to the clipboard.')
      })
    );
    this.node.appendChild(row);
    this.node.appendChild(status);

    if (options.privateHint) {
      const note = document.createElement('p');
      note.className = 'jp-cloudshare-Note';
      note.setAttribute('role', 'note');
      note.textContent = options.privateHint;
      this.node.appendChild(note);
    }
  }

  /** The Colab URL shown. */
  readonly url: string;
}

/** The ways to get a notebook onto GitHub from the "needs upload" dialog. */
export type ShareChoice = 'quick' | 'push' | 'gist' | 'drive';

/** Options of {@link NeedsUploadBody}. */
export interface INeedsUploadBodyOptions {
  /** The server's answer. */
  share: IColabShare;
  trans: TranslationBundle;
  /** Which choices can run here (their command is registered); Drive is offered when true. */
  available: { [choice in Exclude<ShareChoice, 'drive'>]: boolean } & {
    drive?: boolean;
  };
}

/**
 * The body of the dialog shown when Colab cannot open the notebook as
 * saved: the reason, and the quickest ways to put it on GitHub.
 */
export class NeedsUploadBody extends Widget {
  constructor(options: INeedsUploadBodyOptions) {
    super();
    const { share, trans, available } = options;
    this.addClass('jp-cloudshare-NeedsUploadBody');

    const reason = document.createElement('p');
    reason.className = 'jp-cloudshare-NeedsUploadBody-reason';
    reason.textContent =
      share.reason ??
      trans.__(
        "The notebook's saved state is not on GitHub, so Colab cannot open it."
      );
    this.node.appendChild(reason);

    if (share.status === 'unavailable') {
      return;
    }

    const lead = document.createElement('p');
    lead.textContent = available.drive
      ? trans.__('To open it in Colab, put it on GitHub or Google Drive first:')
      : trans.__('To open it in Colab, put it on GitHub first:');
    this.node.appendChild(lead);

    const list = document.createElement('ul');
    list.className = 'jp-cloudshare-ChoiceList';
    list.setAttribute('aria-label', trans.__('Ways to share to Colab'));
    const last = share.lastPush;
    if (last) {
      this._addChoice(list, 'quick', {
        label: trans.__('Save Again in %1 (%2)', last.repo, last.branch),
        description: trans.__(
          'Commit the saved notebook to %1 on the same branch, then open it in Colab.',
          last.path
        ),
        available: available.quick,
        primary: true,
        trans
      });
    }
    this._addChoice(list, 'push', {
      label: trans.__('Save a Copy in GitHub…'),
      description: trans.__(
        'Choose a repository, branch and path, with a Colab link.'
      ),
      available: available.push,
      primary: !last,
      trans
    });
    this._addChoice(list, 'gist', {
      label: trans.__('Save a Copy as a GitHub Gist…'),
      description: share.lastGist
        ? trans.__('Update the gist saved last time; Colab opens gists too.')
        : trans.__(
            'Upload the notebook to a GitHub gist; Colab opens gists too.'
          ),
      available: available.gist,
      primary: false,
      trans
    });
    if (available.drive) {
      this._addChoice(list, 'drive', {
        label: trans.__('Save a Copy in Drive…'),
        description: trans.__(
          'Save it in your "Colab Notebooks" folder; Colab opens it from there.'
        ),
        available: true,
        primary: false,
        trans
      });
    }
    this.node.appendChild(list);
  }

  /** Emitted when the user picks a choice. */
  get chosen(): ISignal<this, ShareChoice> {
    return this._chosen;
  }

  private _addChoice(
    list: HTMLElement,
    choice: ShareChoice,
    options: {
      label: string;
      description: string;
      available: boolean;
      primary: boolean;
      trans: TranslationBundle;
    }
  ): void {
    const item = document.createElement('li');
    item.className = 'jp-cloudshare-Choice';
    item.dataset.choice = choice;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `jp-mod-styled ${options.primary ? 'jp-mod-accept' : 'jp-mod-reject'}`;
    button.textContent = options.label;
    button.disabled = !options.available;
    const description = document.createElement('span');
    description.className = 'jp-cloudshare-Choice-description';
    description.id = `jp-cloudshare-choice-${choice}-${Private.nextId()}`;
    description.textContent = options.available
      ? options.description
      : options.trans.__(
          'Not available: the GitHub features are not enabled here.'
        );
    button.setAttribute('aria-describedby', description.id);
    button.addEventListener('click', () => this._chosen.emit(choice));
    item.appendChild(button);
    item.appendChild(description);
    list.appendChild(item);
  }

  private _chosen = new Signal<this, ShareChoice>(this);
}

/**
 * Show the Colab link; "Open in Colab" opens it in a new tab.
 */
export async function showColabLinkDialog(
  options: IColabLinkBodyOptions
): Promise<void> {
  const { trans } = options;
  const body = new ColabLinkBody(options);
  const dialog = new Dialog({
    title: trans.__('Open in Colab'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Close') }),
      Dialog.okButton({ label: trans.__('Open in Colab') })
    ]
  });
  dialog.addClass('jp-cloudshare-ShareDialog');
  const result = await dialog.launch();
  if (result.button.accept) {
    window.open(options.url, '_blank', 'noopener');
  }
}

/**
 * Explain why Colab cannot open the notebook and let the user choose how
 * to upload it; null when the dialog is closed without a choice.
 */
export async function showNeedsUploadDialog(
  options: INeedsUploadBodyOptions
): Promise<ShareChoice | null> {
  const { trans } = options;
  const body = new NeedsUploadBody(options);
  let choice: ShareChoice | null = null;
  const dialog = new Dialog({
    title:
      options.share.status === 'unavailable'
        ? trans.__('Colab cannot open this notebook')
        : trans.__('Share to Colab: upload needed'),
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Close') })],
    // The main way to upload, not Close, has the focus first.
    focusNodeSelector:
      '.jp-cloudshare-Choice button.jp-mod-accept:not(:disabled)'
  });
  dialog.addClass('jp-cloudshare-ShareDialog');
  body.chosen.connect((_, picked) => {
    choice = picked;
    dialog.resolve(0);
  });
  await dialog.launch();
  return choice;
}

namespace Private {
  let id = 0;
  /** A process-unique number for element ids. */
  export function nextId(): number {
    return ++id;
  }
}
