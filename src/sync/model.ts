import { ISignal, Signal } from '@lumino/signaling';
import type { CloudShareAPI } from '../api';
import type {
  IOpenRequest,
  IOpenResult,
  IPullResult,
  ISyncStatus,
  PullResolution,
  SyncState
} from '../tokens';

/**
 * The sync state of one notebook as last read, or `null` while unknown.
 */
export interface ISyncEntry {
  status: ISyncStatus | null;
  /** The last failure, as a message (never a credential). */
  error: string | null;
  busy: boolean;
}

/**
 * Per-notebook GitHub sync state, shared by the toolbar item and the commands.
 *
 * It asks the server only when told to (on open, on save, on demand), never by
 * polling: a status costs one conditional GitHub request when nothing changed.
 */
export class SyncModel {
  constructor(options: SyncModel.IOptions) {
    this._api = options.api;
  }

  /** Emitted with the notebook path whenever its entry changes. */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /** The entry of a notebook (an unknown one when never asked). */
  get(path: string): ISyncEntry {
    return (
      this._entries.get(path) ?? { status: null, error: null, busy: false }
    );
  }

  /** The state of a notebook, or `null` while unknown. */
  state(path: string): SyncState | null {
    return this.get(path).status?.state ?? null;
  }

  /** Ask the server for a notebook's state. */
  async refresh(path: string): Promise<ISyncStatus | null> {
    this._set(path, { ...this.get(path), busy: true });
    try {
      const status = await this._api.syncStatus(path);
      this._set(path, { status, error: null, busy: false });
      return status;
    } catch (reason) {
      const error = reason instanceof Error ? reason.message : String(reason);
      this._set(path, { ...this.get(path), error, busy: false });
      return null;
    }
  }

  /** Pull a notebook; the entry follows the answer. */
  async pull(path: string, resolution?: PullResolution): Promise<IPullResult> {
    this._set(path, { ...this.get(path), busy: true });
    try {
      const result = await this._api.pull(path, resolution);
      this._set(path, { status: result, error: null, busy: false });
      return result;
    } catch (reason) {
      this._set(path, { ...this.get(path), busy: false });
      throw reason;
    }
  }

  /** Open a notebook from GitHub (a link or a picked file); it is linked and in sync. */
  async open(request: IOpenRequest): Promise<IOpenResult> {
    const result = await this._api.openFromGitHub(request);
    this._set(result.path, {
      status: {
        notebook: result.path,
        state: result.state,
        remote: result.remote
      },
      error: null,
      busy: false
    });
    return result;
  }

  private _set(path: string, entry: ISyncEntry): void {
    this._entries.set(path, entry);
    this._changed.emit(path);
  }

  private _api: CloudShareAPI;
  private _entries = new Map<string, ISyncEntry>();
  private _changed = new Signal<this, string>(this);
}

/**
 * The namespace of `SyncModel`'s types.
 */
export namespace SyncModel {
  /**
   * What a `SyncModel` is built from.
   */
  export interface IOptions {
    /** The client that talks to the server. */
    api: CloudShareAPI;
  }
}
