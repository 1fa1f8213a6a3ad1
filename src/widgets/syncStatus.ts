import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { TranslationBundle } from '@jupyterlab/translation';
import { NotebookPanel } from '@jupyterlab/notebook';
import { CommandIDs, SyncState } from '../tokens';
import { SyncModel } from '../sync/model';

/**
 * The notebook toolbar's sync status: a short label with a tooltip; a click
 * refreshes it (or pulls, when the remote moved on).
 */
export class SyncStatusItem extends Widget {
  constructor(options: SyncStatusItem.IOptions) {
    super({ node: document.createElement('button') });
    this._options = options;
    this.addClass('jp-cloudshare-sync-status');
    this.node.setAttribute('type', 'button');
    this.node.addEventListener('click', this);
    options.model.changed.connect(this._onChanged, this);
    this._render();
  }

  /** Handle the DOM click. */
  handleEvent(event: Event): void {
    if (event.type !== 'click') {
      return;
    }
    const { commands, model, panel } = this._options;
    const state = model.state(panel.context.path);
    if (state === 'signed-out') {
      // Sign in, then look again.
      void commands
        .execute(CommandIDs.signIn)
        .then(() =>
          commands.execute(CommandIDs.syncStatus, { path: panel.context.path })
        );
      return;
    }
    const command =
      state === 'remote-changes' || state === 'diverged'
        ? CommandIDs.pullFromGitHub
        : CommandIDs.syncStatus;
    void commands.execute(command, { path: panel.context.path });
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.node.removeEventListener('click', this);
    this._options.model.changed.disconnect(this._onChanged, this);
    super.dispose();
  }

  private _onChanged(_: SyncModel, path: string): void {
    if (path === this._options.panel.context.path) {
      this._render();
    }
  }

  private _render(): void {
    const { model, panel, trans } = this._options;
    const entry = model.get(panel.context.path);
    const state = entry.status?.state ?? null;
    const labels: { [key in SyncState]: string } = {
      'in-sync': trans.__('In sync'),
      'local-changes': trans.__('Local changes'),
      'remote-changes': trans.__('Remote changes'),
      diverged: trans.__('Diverged'),
      'remote-missing': trans.__('Remote missing'),
      'not-linked': '',
      'signed-out': trans.__('Sign in to sync')
    };
    const tips: { [key in SyncState]: string } = {
      'in-sync': trans.__('The notebook matches its copy on GitHub.'),
      'local-changes': trans.__('Changed here since the last push or pull.'),
      'remote-changes': trans.__(
        'Changed on GitHub since the last sync; click to pull.'
      ),
      diverged: trans.__(
        'Changed both here and on GitHub; click to compare and choose.'
      ),
      'remote-missing': trans.__(
        'The file, its branch or its gist is gone from GitHub.'
      ),
      'not-linked': '',
      'signed-out': entry.status?.localChanges
        ? trans.__(
            'Changed here since the last sync. Sign in to GitHub to compare it with its copy on GitHub.'
          )
        : trans.__(
            'Linked to GitHub. Sign in to GitHub to see whether it is in sync.'
          )
    };
    this.node.textContent = entry.busy
      ? trans.__('Checking…')
      : state
        ? labels[state]
        : '';
    this.node.title = entry.error ?? (state ? tips[state] : '');
    this.node.dataset.state = state ?? 'unknown';
    const hidden = !entry.busy && (state === null || state === 'not-linked');
    this.setHidden(hidden);
    // A hidden button must not hold the toolbar's one keyboard Tab stop.
    (this.node as HTMLButtonElement).disabled = hidden;
  }

  private _options: SyncStatusItem.IOptions;
}

/**
 * The namespace of `SyncStatusItem`'s types.
 */
export namespace SyncStatusItem {
  /**
   * What a status item is built from.
   */
  export interface IOptions {
    model: SyncModel;
    panel: NotebookPanel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}
