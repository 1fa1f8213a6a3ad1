import { Clipboard, Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { CloudShareError } from '../api';
import { errorMessage } from '../commands/export';
import { IDeviceFlowPoll, IDeviceFlowStart, IGitHubAuth } from '../tokens';
import { BusyDialog } from './busyDialog';

/** The scopes a classic token needs. */
export const TOKEN_SCOPES = 'repo,gist';

/** Where to create a token with the needed scopes on this GitHub. */
export function newTokenUrl(webUrl: string): string {
  return (
    `${webUrl.replace(/\/+$/, '')}/settings/tokens/new` +
    `?scopes=${TOKEN_SCOPES}&description=jupyterlab-cloudshare`
  );
}

/** What the token's scopes lack for pushing and gists (classic tokens list their scopes). */
export function missingScopes(scopes: string[]): string[] {
  if (!scopes.length) {
    // Fine-grained tokens and app tokens list none: GitHub answers per request.
    return [];
  }
  const missing: string[] = [];
  if (!scopes.includes('repo') && !scopes.includes('public_repo')) {
    missing.push('repo');
  }
  if (!scopes.includes('gist')) {
    missing.push('gist');
  }
  return missing;
}

/**
 * The "who is signed in" line: login and the token's scopes. No avatar: its
 * picture would load from GitHub's image host each time a dialog opens.
 */
export function createAccountHeader(
  auth: IGitHubAuth,
  trans: TranslationBundle
): HTMLElement {
  const header = document.createElement('div');
  header.className = 'jp-cloudshare-Account';
  const text = document.createElement('div');
  text.className = 'jp-cloudshare-Account-text';
  const who = document.createElement('div');
  who.className = 'jp-cloudshare-Account-login';
  who.textContent = auth.name
    ? trans.__('Signed in as %1 (%2)', auth.login ?? '', auth.name)
    : trans.__('Signed in as %1', auth.login ?? '');
  const scopes = document.createElement('div');
  scopes.className = 'jp-cloudshare-Account-scopes';
  scopes.textContent = auth.scopes.length
    ? trans.__('Token scopes: %1', auth.scopes.join(', '))
    : trans.__('Token scopes: not listed (fine-grained token)');
  text.append(who, scopes);
  header.appendChild(text);
  return header;
}

/** What the sign-in dialog gives back. */
export interface ISignInValue {
  /** The pasted token (sent to the server once, never kept). */
  token: string;
  /** Set when the device flow already signed in. */
  auth: IGitHubAuth | null;
}

/** What the sign-in dialog needs from the server. */
export interface ISignInSource {
  githubSignIn(token: string): Promise<IGitHubAuth>;
  githubDeviceStart(): Promise<IDeviceFlowStart>;
  githubDevicePoll(): Promise<IDeviceFlowPoll>;
}

/**
 * The sign-in form: paste a personal access token, or (when the admin set
 * up an OAuth app) sign in with GitHub's device flow.
 */
export class SignInBody extends Widget {
  constructor(options: SignInBody.IOptions) {
    super();
    const { auth, trans } = options;
    this._trans = trans;
    this._api = options.api;
    this.addClass('jp-cloudshare-SignIn');

    const fieldset = document.createElement('fieldset');
    fieldset.className = 'jp-cloudshare-Form';
    this.node.appendChild(fieldset);

    if (auth.error) {
      const error = document.createElement('p');
      error.className = 'jp-cloudshare-Hint jp-mod-error-message';
      error.textContent = auth.error;
      fieldset.appendChild(error);
    }

    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.htmlFor = 'jp-cloudshare-token';
    label.textContent = trans.__('Paste a personal access token');
    this._token = document.createElement('input');
    this._token.type = 'password';
    this._token.id = 'jp-cloudshare-token';
    this._token.name = 'token';
    this._token.autocomplete = 'off';
    this._token.spellcheck = false;
    this._token.className = 'jp-mod-styled';
    this._token.placeholder = 'ghp_…';
    this._token.setAttribute('aria-describedby', 'jp-cloudshare-token-hint');
    const hint = document.createElement('p');
    hint.id = 'jp-cloudshare-token-hint';
    hint.className = 'jp-cloudshare-Hint';
    hint.textContent = trans.__(
      'The token needs the "repo" scope (or "public_repo" for public repositories only) and the "gist" scope. It is kept on the server, never in the browser.'
    );
    const link = document.createElement('a');
    link.className = 'jp-cloudshare-Link';
    link.href = newTokenUrl(auth.webUrl);
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = trans.__('Create a token on GitHub');
    fieldset.append(label, this._token, hint, link);

    if (auth.deviceFlow) {
      const or = document.createElement('div');
      or.className = 'jp-cloudshare-SignIn-or';
      or.textContent = trans.__('or');
      this._deviceButton = document.createElement('button');
      this._deviceButton.type = 'button';
      this._deviceButton.className =
        'jp-Button jp-mod-styled jp-mod-accept jp-cloudshare-SignIn-device';
      this._deviceButton.textContent = trans.__('Sign in with GitHub');
      this._deviceButton.addEventListener(
        'click',
        () => void this._startDeviceFlow()
      );
      this._device = document.createElement('div');
      this._device.className = 'jp-cloudshare-DeviceFlow';
      this._device.setAttribute('aria-live', 'polite');
      fieldset.append(or, this._deviceButton, this._device);
    }
  }

  /** Emitted when the device flow signed in. */
  get signedIn(): ISignal<this, IGitHubAuth> {
    return this._signedIn;
  }

  /** The token typed, or the device flow's result. */
  getValue(): ISignInValue {
    return { token: this._token.value.trim(), auth: this._auth };
  }

  /** Forget the typed token. */
  clearToken(): void {
    this._token.value = '';
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._cancelPolling();
    this._token.value = '';
    Signal.clearData(this);
    super.dispose();
  }

  private async _startDeviceFlow(): Promise<void> {
    const trans = this._trans;
    if (!this._device || !this._deviceButton) {
      return;
    }
    this._cancelPolling();
    this._deviceButton.disabled = true;
    this._device.textContent = trans.__('Asking GitHub for a code…');
    let start: IDeviceFlowStart;
    try {
      start = await this._api.githubDeviceStart();
    } catch (error) {
      this._deviceFailed(errorMessage(error));
      return;
    }
    if (this.isDisposed) {
      return;
    }
    this._device.textContent = '';
    const intro = document.createElement('p');
    intro.textContent = trans.__('Enter this code on GitHub:');
    const code = document.createElement('div');
    code.className = 'jp-cloudshare-DeviceFlow-code';
    code.textContent = start.userCode;
    const actions = document.createElement('div');
    actions.className = 'jp-cloudshare-DeviceFlow-actions';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'jp-Button jp-mod-styled jp-mod-reject';
    copy.textContent = trans.__('Copy code');
    copy.addEventListener('click', () => {
      Clipboard.copyToSystem(start.userCode);
      copy.textContent = trans.__('Copied');
    });
    const open = document.createElement('a');
    open.className = 'jp-cloudshare-Link';
    open.href = start.verificationUri;
    open.target = '_blank';
    open.rel = 'noopener noreferrer';
    open.textContent = trans.__('Open GitHub');
    actions.append(copy, open);
    this._deviceStatus = document.createElement('p');
    this._deviceStatus.className = 'jp-cloudshare-Hint';
    this._deviceStatus.textContent = trans.__(
      'Waiting for you to authorize on GitHub…'
    );
    this._device.append(intro, code, actions, this._deviceStatus);
    this._schedulePoll(start.interval);
  }

  private _schedulePoll(interval: number): void {
    this._pollTimer = window.setTimeout(
      () => void this._poll(),
      Math.max(1, interval) * 1000
    );
  }

  private async _poll(): Promise<void> {
    this._pollTimer = undefined;
    const trans = this._trans;
    let answer: IDeviceFlowPoll;
    try {
      answer = await this._api.githubDevicePoll();
    } catch (error) {
      if (!this.isDisposed) {
        this._deviceFailed(errorMessage(error));
      }
      return;
    }
    if (this.isDisposed) {
      return;
    }
    switch (answer.status) {
      case 'pending':
        this._schedulePoll(answer.interval);
        break;
      case 'signed_in':
        if (answer.auth) {
          this._auth = answer.auth;
          if (this._deviceStatus) {
            this._deviceStatus.textContent = trans.__('Signed in.');
          }
          this._signedIn.emit(answer.auth);
        }
        break;
      case 'expired':
        this._deviceFailed(trans.__('The code expired. Start again.'));
        break;
      case 'denied':
        this._deviceFailed(trans.__('The sign-in was denied on GitHub.'));
        break;
    }
  }

  private _deviceFailed(message: string): void {
    if (this._device) {
      this._device.textContent = '';
      const p = document.createElement('p');
      p.className = 'jp-cloudshare-Hint jp-mod-error-message';
      p.setAttribute('role', 'alert');
      p.textContent = message;
      this._device.appendChild(p);
    }
    if (this._deviceButton) {
      this._deviceButton.disabled = false;
    }
  }

  private _cancelPolling(): void {
    if (this._pollTimer !== undefined) {
      window.clearTimeout(this._pollTimer);
      this._pollTimer = undefined;
    }
  }

  private _trans: TranslationBundle;
  private _api: ISignInSource;
  private _token: HTMLInputElement;
  private _deviceButton: HTMLButtonElement | null = null;
  private _device: HTMLElement | null = null;
  private _deviceStatus: HTMLElement | null = null;
  private _pollTimer: number | undefined = undefined;
  private _auth: IGitHubAuth | null = null;
  private _signedIn = new Signal<this, IGitHubAuth>(this);
}

/** The SignInBody's types. */
export namespace SignInBody {
  /** The form's options. */
  export interface IOptions {
    api: ISignInSource;
    /** The current (signed-out) state: web URL, device flow, last error. */
    auth: IGitHubAuth;
    trans: TranslationBundle;
  }
}

/**
 * Show the sign-in dialog; the new sign-in state, or null when cancelled.
 */
export async function signInToGitHub(
  api: ISignInSource,
  auth: IGitHubAuth,
  trans: TranslationBundle
): Promise<IGitHubAuth | null> {
  const body = new SignInBody({ api, auth, trans });
  const dialog = new BusyDialog<ISignInValue, IGitHubAuth>({
    title: trans.__('Sign in to GitHub'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Sign In') })
    ],
    focusNodeSelector: 'input[type="password"]',
    busyLabel: trans.__('Checking the token with GitHub…'),
    submit: async value => {
      if (value.auth) {
        return value.auth;
      }
      if (!value.token) {
        throw new Error(
          auth.deviceFlow
            ? trans.__('Paste a token, or sign in with GitHub.')
            : trans.__('Paste a personal access token.')
        );
      }
      let answer: IGitHubAuth;
      try {
        answer = await api.githubSignIn(value.token);
      } catch (error) {
        if (error instanceof CloudShareError && error.status === 401) {
          throw new Error(
            trans.__('GitHub did not accept this token: %1', error.message)
          );
        }
        throw error;
      }
      if (!answer.signedIn) {
        throw new Error(
          answer.error ?? trans.__('GitHub did not accept this token.')
        );
      }
      body.clearToken();
      return answer;
    }
  });
  body.signedIn.connect((_, signedIn) => dialog.finish(signedIn));
  const result = await dialog.launch();
  if (!result.button.accept) {
    return null;
  }
  return dialog.result ?? null;
}
