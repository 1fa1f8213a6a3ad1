import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { BadgeStyle, ILaunchLink, ILinksResult } from '../tokens';
import {
  createCopyButton,
  createReadOnlyField,
  createStatusRegion
} from './shareDialog';

/** The server's badge cell (a markdown cell marked `cloudshare.badges`). */
export type BadgeCell = NonNullable<ILinksResult['badgeCell']>;

/** Options of {@link LinksBody}. */
export interface ILinksBodyOptions {
  trans: TranslationBundle;
  /** The initial state of "Pin to commit". */
  pin: boolean;
  /** Whether "Insert badge cell" can act (a notebook is open). */
  canInsert: boolean;
  /** The admin's badge style (default "image"). */
  badgeStyle?: BadgeStyle;
}

/**
 * The body of the "Launch Links and Badges" dialog: one row per target
 * (label, URL, copy, open, badge snippets), "Pin to commit" and
 * "Insert badge cell".
 */
export class LinksBody extends Widget {
  constructor(options: ILinksBodyOptions) {
    super();
    const { trans } = options;
    this._trans = trans;
    this._canInsert = options.canInsert;
    this.addClass('jp-cloudshare-LinksBody');

    const controls = document.createElement('div');
    controls.className = 'jp-cloudshare-LinksBody-controls';

    const pinLabel = document.createElement('label');
    pinLabel.className = 'jp-cloudshare-PinLabel';
    this._pin = document.createElement('input');
    this._pin.type = 'checkbox';
    this._pin.checked = options.pin;
    this._pin.addEventListener('change', () =>
      this._pinChanged.emit(this._pin.checked)
    );
    pinLabel.appendChild(this._pin);
    pinLabel.appendChild(document.createTextNode(trans.__('Pin to commit')));
    pinLabel.title = trans.__(
      'Links open the exact commit instead of the branch, so they keep showing this version.'
    );
    controls.appendChild(pinLabel);

    this._insert = document.createElement('button');
    this._insert.type = 'button';
    this._insert.className =
      'jp-mod-styled jp-mod-accept jp-cloudshare-InsertBadgeButton';
    this._insert.textContent = trans.__('Insert badge cell');
    this._insert.title = trans.__(
      "Add the badges as the notebook's first cell"
    );
    this._insert.disabled = true;
    this._insert.addEventListener('click', () => {
      if (this._result?.badgeCell) {
        this._insertRequested.emit(this._result.badgeCell);
      }
    });
    this._insertText = document.createElement('button');
    this._insertText.type = 'button';
    this._insertText.className =
      'jp-mod-styled jp-mod-accept jp-cloudshare-InsertBadgeButton';
    this._insertText.textContent = trans.__('Insert text links');
    this._insertText.title = trans.__(
      "Add the links as plain text in the notebook's first cell: nothing loads from other sites"
    );
    this._insertText.disabled = true;
    this._insertText.addEventListener('click', () => {
      if (this._result?.badgeCellText) {
        this._insertRequested.emit(this._result.badgeCellText);
      }
    });
    const style = options.badgeStyle ?? 'image';
    const buttons = document.createElement('div');
    buttons.className = 'jp-cloudshare-LinksBody-insert';
    if (style === 'text-only') {
      buttons.append(this._insertText);
    } else if (style === 'text') {
      this._insert.classList.replace('jp-mod-accept', 'jp-mod-reject');
      buttons.append(this._insertText, this._insert);
    } else {
      this._insertText.classList.replace('jp-mod-accept', 'jp-mod-reject');
      buttons.append(this._insert, this._insertText);
    }
    controls.appendChild(buttons);
    this.node.appendChild(controls);

    // Said before inserting: image badges make every reader's browser fetch them.
    this._privacy = document.createElement('p');
    this._privacy.className =
      'jp-cloudshare-Note jp-cloudshare-LinksBody-privacy';
    this._privacy.hidden = true;
    if (style !== 'text-only') {
      this.node.appendChild(this._privacy);
    }

    this._message = document.createElement('p');
    this._message.className = 'jp-cloudshare-LinksBody-message';
    this.node.appendChild(this._message);

    this._status = createStatusRegion('jp-cloudshare-LinksBody-status');
    this.node.appendChild(this._status);

    this._list = document.createElement('ul');
    this._list.className = 'jp-cloudshare-LinksList';
    this._list.setAttribute('aria-label', trans.__('Launch links'));
    this.node.appendChild(this._list);
  }

  /** Emitted with the new state of "Pin to commit". */
  get pinChanged(): ISignal<this, boolean> {
    return this._pinChanged;
  }

  /** Emitted with the server's badge cell when "Insert badge cell" is clicked. */
  get insertRequested(): ISignal<this, BadgeCell> {
    return this._insertRequested;
  }

  /** Whether "Pin to commit" is checked. */
  get pin(): boolean {
    return this._pin.checked;
  }

  /** The links shown, or null while loading or after an error. */
  get result(): ILinksResult | null {
    return this._result;
  }

  /** Show that links are being fetched. */
  setLoading(): void {
    this._result = null;
    this._insert.disabled = true;
    this._insertText.disabled = true;
    this.node.setAttribute('aria-busy', 'true');
    this._setMessage(this._trans.__('Fetching the links…'), false);
  }

  /** Show a failure to fetch the links. */
  setError(message: string): void {
    this._result = null;
    this._insert.disabled = true;
    this._insertText.disabled = true;
    this.node.removeAttribute('aria-busy');
    this._list.replaceChildren();
    this._setMessage(this._trans.__('Cannot get the links: %1', message), true);
  }

  /** Show the server's links (or why there are none). */
  setResult(result: ILinksResult): void {
    const trans = this._trans;
    this._result = result;
    this.node.removeAttribute('aria-busy');
    this._insert.disabled = !(this._canInsert && result.badgeCell);
    this._insertText.disabled = !(this._canInsert && result.badgeCellText);
    const hosts = result.badgeHosts ?? [];
    this._privacy.textContent = hosts.length
      ? trans.__(
          "Image badges load their pictures from %1 other sites (%2) whenever the notebook is shown, in JupyterLab and in every reader's browser. Text links load nothing.",
          hosts.length,
          hosts.join(', ')
        )
      : '';
    this._privacy.hidden = !hosts.length;
    if (!result.links.length) {
      this._setMessage(
        result.reason ??
          trans.__('This notebook has no GitHub location, so it has no links.'),
        true
      );
    } else if (result.reason) {
      // e.g. links to the copy pushed last time, not the current state
      this._setMessage(result.reason, false);
    } else {
      this._setMessage('', false);
    }
    this._list.replaceChildren(
      ...result.links.map(link => this._renderLink(link))
    );
  }

  /** Announce a short confirmation in the live region. */
  announce(message: string): void {
    this._status.textContent = message;
  }

  private _setMessage(text: string, warn: boolean): void {
    this._message.textContent = text;
    this._message.hidden = !text;
    this._message.classList.toggle('jp-mod-warn', warn);
  }

  private _renderLink(link: ILaunchLink): HTMLElement {
    const trans = this._trans;
    const item = document.createElement('li');
    item.className = 'jp-cloudshare-LinkItem';
    item.dataset.target = link.target;

    const header = document.createElement('div');
    header.className = 'jp-cloudshare-LinkItem-header';
    const label = document.createElement('span');
    label.className = 'jp-cloudshare-LinkItem-label';
    label.textContent = link.label;
    header.appendChild(label);
    const open = document.createElement('a');
    open.className = 'jp-cloudshare-LinkItem-open';
    open.href = link.url;
    open.target = '_blank';
    open.rel = 'noopener noreferrer';
    open.textContent = trans.__('Open');
    open.setAttribute('aria-label', trans.__('Open in %1', link.label));
    header.appendChild(open);
    item.appendChild(header);

    item.appendChild(
      this._fieldRow(
        link.url,
        trans.__('%1 link', link.label),
        trans.__('Copy link'),
        trans.__('Copy link for %1', link.label),
        trans.__('%1 link copied to the clipboard.', link.label)
      )
    );

    if (link.badge_markdown || link.badge_html) {
      const details = document.createElement('details');
      details.className = 'jp-cloudshare-LinkItem-badges';
      const summary = document.createElement('summary');
      summary.textContent = trans.__('Badge');
      details.appendChild(summary);
      if (link.badge_markdown) {
        details.appendChild(
          this._fieldRow(
            link.badge_markdown,
            trans.__('%1 Markdown badge', link.label),
            trans.__('Copy Markdown'),
            trans.__('Copy Markdown badge for %1', link.label),
            trans.__('%1 Markdown badge copied to the clipboard.', link.label),
            trans.__('Markdown')
          )
        );
      }
      if (link.badge_html) {
        details.appendChild(
          this._fieldRow(
            link.badge_html,
            trans.__('%1 HTML badge', link.label),
            trans.__('Copy HTML'),
            trans.__('Copy HTML badge for %1', link.label),
            trans.__('%1 HTML badge copied to the clipboard.', link.label),
            trans.__('HTML')
          )
        );
      }
      item.appendChild(details);
    }
    return item;
  }

  private _fieldRow(
    value: string,
    fieldName: string,
    buttonLabel: string,
    buttonName: string,
    announcement: string,
    caption?: string
  ): HTMLElement {
    const row = document.createElement('div');
    row.className = 'jp-cloudshare-FieldRow';
    if (caption) {
      const span = document.createElement('span');
      span.className = 'jp-cloudshare-FieldRow-caption';
      span.setAttribute('aria-hidden', 'true');
      span.textContent = caption;
      row.appendChild(span);
    }
    row.appendChild(createReadOnlyField(value, fieldName));
    row.appendChild(
      createCopyButton({
        text: () => value,
        label: buttonLabel,
        accessibleName: buttonName,
        trans: this._trans,
        status: this._status,
        announcement
      })
    );
    return row;
  }

  private _trans: TranslationBundle;
  private _canInsert: boolean;
  private _pin: HTMLInputElement;
  private _insert: HTMLButtonElement;
  private _insertText: HTMLButtonElement;
  private _privacy: HTMLElement;
  private _message: HTMLElement;
  private _status: HTMLElement;
  private _list: HTMLElement;
  private _result: ILinksResult | null = null;
  private _pinChanged = new Signal<this, boolean>(this);
  private _insertRequested = new Signal<this, BadgeCell>(this);
}

/** Options of {@link showLinksDialog}. */
export interface ILinksDialogOptions extends ILinksBodyOptions {
  /** Fetch the links, pinned to the commit or not. */
  fetch: (pin: boolean) => Promise<ILinksResult>;
  /** Insert the badge cell; resolves to a confirmation to announce. */
  insert: (cell: BadgeCell) => string;
  /** Turn a failure into a sentence. */
  errorMessage: (error: unknown) => string;
}

/**
 * Show the "Launch Links and Badges" dialog until the user closes it.
 */
export async function showLinksDialog(
  options: ILinksDialogOptions
): Promise<void> {
  const { trans } = options;
  const body = new LinksBody(options);
  let request = 0;
  const load = async (pin: boolean): Promise<void> => {
    const mine = ++request;
    body.setLoading();
    try {
      const result = await options.fetch(pin);
      if (mine === request) {
        body.setResult(result);
      }
    } catch (error) {
      if (mine === request) {
        body.setError(options.errorMessage(error));
      }
    }
  };
  body.pinChanged.connect((_, pin) => void load(pin));
  body.insertRequested.connect((_, cell) => {
    try {
      body.announce(options.insert(cell));
    } catch (error) {
      body.announce(options.errorMessage(error));
    }
  });
  void load(options.pin);

  const dialog = new Dialog({
    title: trans.__('Launch Links and Badges'),
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Close') })]
  });
  dialog.addClass('jp-cloudshare-LinksDialog');
  await dialog.launch();
}
