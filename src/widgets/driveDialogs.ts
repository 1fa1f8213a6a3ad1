import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { CloudShareAPI, CloudShareError } from '../api';
import {
  DriveConflictChoice,
  IDriveAuth,
  IDriveFile,
  IDriveSaveResult
} from '../tokens';
import { createCheckbox } from './form';
import {
  createCopyButton,
  createReadOnlyField,
  createStatusRegion
} from './shareDialog';

/** The choices of the "Save a Copy in Drive" form. */
export interface IDriveSaveOptions {
  noOutputs: boolean;
  /** Anyone with the link can view. */
  anyoneWithLink: boolean;
}

/** The "Save a Copy in Drive" form: without outputs, anyone with the link. */
export class DriveSaveForm extends Widget {
  constructor(trans: TranslationBundle, account: string | null) {
    super();
    this.addClass('jp-cloudshare-DriveSaveForm');
    const intro = document.createElement('p');
    intro.textContent = account
      ? trans.__(
          'Saves the notebook in the "Colab Notebooks" folder of %1.',
          account
        )
      : trans.__('Saves the notebook in your "Colab Notebooks" folder.');
    this.node.appendChild(intro);
    this._noOutputs = createCheckbox(
      this.node,
      'noOutputs',
      trans.__('Without outputs'),
      false
    );
    this._anyone = createCheckbox(
      this.node,
      'anyoneWithLink',
      trans.__('Anyone with the link can view'),
      false
    );
  }

  /** The current choices. */
  getValue(): IDriveSaveOptions {
    return {
      noOutputs: this._noOutputs.checked,
      anyoneWithLink: this._anyone.checked
    };
  }

  private _noOutputs: HTMLInputElement;
  private _anyone: HTMLInputElement;
}

/** Ask how to save; null when cancelled. */
export async function askDriveSaveOptions(
  trans: TranslationBundle,
  account: string | null
): Promise<IDriveSaveOptions | null> {
  const result = await showDialog({
    title: trans.__('Save a Copy in Drive'),
    body: new DriveSaveForm(trans, account),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Save') })
    ]
  });
  return result.button.accept ? (result.value as IDriveSaveOptions) : null;
}

/** The result: the Colab link and Drive's link, each with a Copy button. */
export class DriveResultBody extends Widget {
  constructor(result: IDriveSaveResult, trans: TranslationBundle) {
    super();
    this.addClass('jp-cloudshare-DriveResult');
    const status = createStatusRegion('jp-cloudshare-DriveResult-status');
    const intro = document.createElement('p');
    intro.textContent = result.created
      ? trans.__('Saved "%1" in Google Drive.', result.name)
      : trans.__('Updated "%1" in Google Drive.', result.name);
    this.node.appendChild(intro);
    const rows: [string, string][] = [
      [trans.__('Open in Colab'), result.colabUrl],
      [trans.__('Google Drive'), result.webViewLink]
    ];
    for (const [label, url] of rows) {
      const row = document.createElement('div');
      row.className = 'jp-cloudshare-DriveResult-row';
      const name = document.createElement('span');
      name.textContent = label;
      row.appendChild(name);
      row.appendChild(createReadOnlyField(url, label));
      row.appendChild(
        createCopyButton({
          trans,
          label: trans.__('Copy'),
          accessibleName: trans.__('Copy the %1 link', label),
          text: () => url,
          status
        })
      );
      this.node.appendChild(row);
    }
    const note = document.createElement('p');
    note.textContent = result.shared
      ? trans.__('Anyone with the link can view it.')
      : trans.__('Only you can open it until you share it in Drive.');
    this.node.appendChild(note);
    this.node.appendChild(status);
  }
}

/** Show the save's result. */
export async function showDriveResult(
  result: IDriveSaveResult,
  trans: TranslationBundle
): Promise<void> {
  await showDialog({
    title: trans.__('Saved in Google Drive'),
    body: new DriveResultBody(result, trans),
    buttons: [
      Dialog.createButton({
        label: trans.__('Open in Colab'),
        actions: ['open-colab']
      }),
      Dialog.okButton({ label: trans.__('Close') })
    ]
  }).then(answer => {
    if (answer.button.actions.includes('open-colab')) {
      window.open(result.colabUrl, '_blank', 'noopener');
    }
  });
}

/**
 * The file changed in Drive since it was saved from here: overwrite it, save
 * a new copy, or cancel (null). Nothing was written.
 */
export async function resolveDriveConflict(
  error: CloudShareError,
  trans: TranslationBundle
): Promise<DriveConflictChoice | null> {
  const name = String(error.details.name ?? '');
  const answer = await showDialog({
    title: trans.__('Changed in Google Drive'),
    body: trans.__(
      '"%1" was changed in Drive (in Colab, perhaps) since it was saved from here. Nothing was written. Replace it with this notebook, or save this notebook as a new file and keep both?',
      name
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.createButton({
        label: trans.__('Save as New File'),
        actions: ['new']
      }),
      Dialog.warnButton({
        label: trans.__('Overwrite'),
        actions: ['overwrite']
      })
    ]
  });
  if (answer.button.actions.includes('new')) {
    return 'new';
  }
  if (answer.button.actions.includes('overwrite')) {
    return 'overwrite';
  }
  return null;
}

/**
 * The device-flow sign-in: shows the code and the link, polls the server at
 * Google's pace, resolves with the new status (null when cancelled, denied
 * or expired).
 */
export class GoogleSignInBody extends Widget {
  constructor(api: CloudShareAPI, trans: TranslationBundle) {
    super();
    this._api = api;
    this._trans = trans;
    this.addClass('jp-cloudshare-GoogleSignIn');
    this._message = document.createElement('p');
    this._message.textContent = trans.__('Asking Google for a sign-in code…');
    this.node.appendChild(this._message);
    this._code = document.createElement('p');
    this._code.className = 'jp-cloudshare-GoogleSignIn-code';
    this.node.appendChild(this._code);
    this._status = createStatusRegion('jp-cloudshare-GoogleSignIn-status');
    this.node.appendChild(this._status);
  }

  /** Start the flow and poll until a result; null when it ends without one. */
  async run(): Promise<IDriveAuth | null> {
    const trans = this._trans;
    const start = await this._api.driveDeviceStart();
    this._message.textContent = trans.__(
      'Open the link below, enter the code and allow access to the files this extension makes in your Google Drive.'
    );
    const link = document.createElement('a');
    link.href = start.verificationUrl;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = start.verificationUrl;
    this._message.appendChild(document.createElement('br'));
    this._message.appendChild(link);
    this._code.textContent = start.userCode;
    this.node.appendChild(
      createCopyButton({
        trans,
        label: trans.__('Copy code'),
        accessibleName: trans.__('Copy the sign-in code'),
        text: () => start.userCode,
        status: this._status
      })
    );
    let interval = Math.max(1, start.interval);
    while (!this.isDisposed) {
      await new Promise(resolve => window.setTimeout(resolve, interval * 1000));
      if (this.isDisposed) {
        return null;
      }
      const poll = await this._api.driveDevicePoll();
      interval = Math.max(1, poll.interval);
      if (poll.status === 'signed_in' && poll.auth) {
        return poll.auth;
      }
      if (poll.status === 'denied' || poll.status === 'expired') {
        this._status.textContent =
          poll.status === 'denied'
            ? trans.__('Access was refused.')
            : trans.__('The code expired.');
        return null;
      }
    }
    return null;
  }

  private _api: CloudShareAPI;
  private _trans: TranslationBundle;
  private _message: HTMLElement;
  private _code: HTMLElement;
  private _status: HTMLElement;
}

/** Sign in with Google in a dialog; the new status, or null. */
export async function signInToGoogle(
  api: CloudShareAPI,
  trans: TranslationBundle
): Promise<IDriveAuth | null> {
  const body = new GoogleSignInBody(api, trans);
  const dialog = new Dialog({
    title: trans.__('Sign in with Google'),
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Cancel') })]
  });
  const flow = body.run().finally(() => dialog.resolve(0));
  await dialog.launch();
  body.dispose();
  return flow.catch(() => null);
}

/** The "Open from Google Drive" picker: the folder's notebooks, or a link. */
export class DriveOpenBody extends Widget {
  constructor(files: IDriveFile[], trans: TranslationBundle) {
    super();
    this.addClass('jp-cloudshare-DriveOpen');
    const label = document.createElement('label');
    label.textContent = trans.__('Drive or Colab link, or file id');
    this._input = document.createElement('input');
    this._input.type = 'text';
    this._input.className = 'jp-mod-styled';
    this._input.placeholder = 'https://colab.research.google.com/drive/…';
    label.appendChild(this._input);
    this.node.appendChild(label);
    if (files.length) {
      const list = document.createElement('ul');
      list.className = 'jp-cloudshare-DriveOpen-list';
      list.setAttribute('aria-label', trans.__('Notebooks in Colab Notebooks'));
      for (const file of files) {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'jp-mod-styled jp-cloudshare-DriveOpen-file';
        const when = file.modifiedTime
          ? new Date(file.modifiedTime).toLocaleString()
          : '';
        button.textContent = file.name;
        button.title = trans.__(
          '%1 — modified %2 by %3',
          file.name,
          when,
          file.owner ?? ''
        );
        button.addEventListener('click', () => {
          this._input.value = file.fileId;
          for (const other of Array.from(list.querySelectorAll('button'))) {
            other.classList.toggle('jp-mod-selected', other === button);
          }
        });
        item.appendChild(button);
        const meta = document.createElement('span');
        meta.textContent = ` ${when}${file.owner ? ' · ' + file.owner : ''}`;
        item.appendChild(meta);
        list.appendChild(item);
      }
      this.node.appendChild(list);
    } else {
      const empty = document.createElement('p');
      empty.textContent = trans.__(
        'No notebooks this extension can see in "Colab Notebooks": paste a link instead.'
      );
      this.node.appendChild(empty);
    }
  }

  /** The id or link picked. */
  getValue(): string {
    return this._input.value.trim();
  }

  private _input: HTMLInputElement;
}
