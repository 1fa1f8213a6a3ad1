import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

/**
 * A JupyterLab `Dialog` whose accept button runs an operation while the
 * dialog stays open: the buttons are disabled, a spinner and a progress label
 * show, and a failure is shown inside the dialog so the user can correct the
 * form and try again. The dialog closes when the operation succeeds.
 *
 * Follow-up dialogs (conflicts, policy, sign-in) must be shown after this one
 * closes: JupyterLab queues dialogs, so one opened on top would wait forever.
 */
export class BusyDialog<T, R> extends Dialog<T> {
  constructor(options: BusyDialog.IOptions<T, R>) {
    super(options);
    this.addClass('jp-cloudshare-BusyDialog');
    this._buttonSpecs = options.buttons ?? [];
    this._submit = options.submit;
    this._busyLabel = options.busyLabel;
    this._formWidget = options.body instanceof Widget ? options.body : null;

    this._status = document.createElement('div');
    this._status.className = 'jp-cloudshare-DialogStatus';
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    const body = this.node.querySelector('.jp-Dialog-body');
    (body ?? this.node).appendChild(this._status);
  }

  /** The operation's result once the dialog closed after a success. */
  get result(): R | undefined {
    return this._result;
  }

  /** Whether the operation is running. */
  get busy(): boolean {
    return this._busy;
  }

  /**
   * Resolve with a button: an accept button runs the operation first.
   */
  resolve(index?: number): void {
    if (this._busy) {
      return;
    }
    const button = index === undefined ? undefined : this._buttonSpecs[index];
    const accepts = button ? button.accept : true;
    if (!accepts) {
      super.resolve(index);
      return;
    }
    void this._run(index);
  }

  /** Cancel, unless the operation is running (it cannot be recalled). */
  reject(): void {
    if (!this._busy) {
      super.reject();
    }
  }

  /**
   * Close the dialog with this result without running the operation again
   * (e.g. a sign-in finished by another route).
   */
  finish(result: R): void {
    this._result = result;
    this._finished = true;
    super.resolve(this._acceptIndex());
  }

  /** Show a message under the form (an error when `error`). */
  setStatus(message: string, error = false): void {
    this._status.textContent = message;
    this._status.classList.toggle('jp-mod-error-message', error);
    this._status.setAttribute('role', error ? 'alert' : 'status');
  }

  protected _evtKeydown(event: KeyboardEvent): void {
    if (this._busy) {
      if (event.key === 'Escape' || event.key === 'Enter') {
        event.stopPropagation();
        event.preventDefault();
      }
      return;
    }
    // An open combobox (the repository picker) owns Enter and Escape.
    const target = event.target as HTMLElement | null;
    if (
      (event.key === 'Enter' || event.key === 'Escape') &&
      target?.closest?.('[aria-expanded="true"]')
    ) {
      return;
    }
    super._evtKeydown(event);
  }

  private _acceptIndex(): number {
    const index = this._buttonSpecs.findIndex(b => b.accept);
    return index === -1 ? 0 : index;
  }

  private async _run(index: number | undefined): Promise<void> {
    if (this._finished) {
      super.resolve(index);
      return;
    }
    let value: T | null = null;
    const body = this._formWidget as (Widget & { getValue?: () => T }) | null;
    try {
      value =
        body && typeof body.getValue === 'function' ? body.getValue() : null;
    } catch (error) {
      this.setStatus(
        error instanceof Error ? error.message : String(error),
        true
      );
      return;
    }
    this._setBusy(true);
    try {
      this._result = await this._submit(value as T);
      this._finished = true;
    } catch (error) {
      this._setBusy(false);
      this.setStatus(
        error instanceof Error ? error.message : String(error),
        true
      );
      return;
    }
    this._setBusy(false);
    if (!this.isDisposed) {
      super.resolve(index ?? this._acceptIndex());
    }
  }

  private _setBusy(busy: boolean): void {
    this._busy = busy;
    this.toggleClass('jp-mod-busy', busy);
    this.node.setAttribute('aria-busy', String(busy));
    for (const button of Array.from(
      this.node.querySelectorAll<HTMLButtonElement>(
        '.jp-Dialog-footer button, .jp-Dialog-close-button'
      )
    )) {
      button.disabled = busy;
    }
    for (const fieldset of Array.from(this.node.querySelectorAll('fieldset'))) {
      fieldset.disabled = busy;
    }
    this._status.classList.toggle('jp-cloudshare-mod-progress', busy);
    if (busy) {
      this._status.textContent = '';
      const spinner = document.createElement('span');
      spinner.className = 'jp-cloudshare-spinner';
      spinner.setAttribute('aria-hidden', 'true');
      this._status.append(spinner, document.createTextNode(this._busyLabel));
      this._status.classList.remove('jp-mod-error-message');
      this._status.setAttribute('role', 'status');
    } else {
      this._status.textContent = '';
    }
  }

  private _buttonSpecs: ReadonlyArray<Dialog.IButton>;
  private _submit: (value: T) => Promise<R>;
  private _busyLabel: string;
  private _formWidget: Widget | null;
  private _status: HTMLElement;
  private _busy = false;
  private _finished = false;
  private _result: R | undefined = undefined;
}

/** The BusyDialog's types. */
export namespace BusyDialog {
  /** The options: a JupyterLab dialog's, plus the operation. */
  export interface IOptions<T, R> extends Partial<Dialog.IOptions<T>> {
    /**
     * Runs when an accept button is pressed, with the body's value; the
     * dialog closes when it resolves and shows the error when it rejects.
     */
    submit: (value: T) => Promise<R>;
    /** The progress label, e.g. "Pushing…". */
    busyLabel: string;
  }

  /**
   * Launch the dialog; the operation's result, or null when cancelled.
   */
  export async function run<T, R>(options: IOptions<T, R>): Promise<R | null> {
    const dialog = new BusyDialog<T, R>(options);
    const answer = await dialog.launch();
    if (!answer.button.accept) {
      return null;
    }
    return dialog.result ?? null;
  }
}
