import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import { CloudShareError } from '../api';
import {
  CommandIDs,
  ICloudShare,
  IFinding,
  IScanResult,
  TRANSLATION_DOMAIN
} from '../tokens';
import { SensitiveDataBanner } from '../widgets/banner';
import { errorMessage, saveIfDirty } from './export';

const GUARD_PLUGIN_ID = 'jupyterlab-cloudshare:guard';

/** The user's guard settings (schema/guard.json). */
export interface IGuardSettings {
  /** Check a notebook for sensitive data when it opens. */
  scanOnOpen: boolean;
  /** Check it again after each save. */
  scanOnSave: boolean;
}

/** Options of the sensitive-data guard. */
export interface ISensitiveDataGuardOptions {
  app: JupyterFrontEnd;
  cloudshare: ICloudShare;
  trans: TranslationBundle;
  /** The current settings (read at each scan). */
  settings: () => IGuardSettings;
}

/** Whether an error means the admin turned scanning off. */
function isScanDisabled(error: unknown): boolean {
  return (
    error instanceof CloudShareError &&
    (error.code === 'feature_disabled' || error.status === 403)
  );
}

/**
 * The guard of one notebook panel: its banner in the content header, scans
 * on open and after each save, the latest answer winning.
 */
export class NotebookGuard implements IDisposable {
  constructor(
    readonly panel: NotebookPanel,
    readonly context: DocumentRegistry.IContext<INotebookModel>,
    private _guard: SensitiveDataGuard
  ) {
    const { app, trans } = _guard.options;
    this.banner = new SensitiveDataBanner({
      trans,
      onShow: (finding, _index, cellFindings) =>
        this._reveal(finding, cellFindings),
      shareWithoutOutputs: {
        isEnabled: () =>
          app.commands.hasCommand(CommandIDs.pushToGitHub) &&
          app.commands.isEnabled(CommandIDs.pushToGitHub, { noOutputs: true }),
        execute: () => {
          void app.commands.execute(CommandIDs.pushToGitHub, {
            noOutputs: true
          });
        }
      },
      onClearOutputs: () => void this._clearOutputs(),
      onDismiss: () => {
        _guard.dismissedPaths.add(this.context.path);
        // The focused button is gone: give the focus back to the notebook.
        this.panel.content.activate();
      }
    });
    panel.contentHeader.addWidget(this.banner);

    context.saveState.connect(this._onSaveState, this);
    context.pathChanged.connect(this._onPathChanged, this);
    app.commands.commandChanged.connect(this._onCommandChanged, this);
    panel.disposed.connect(this.dispose, this);

    void context.ready.then(() => {
      if (!this.isDisposed && _guard.options.settings().scanOnOpen) {
        void this.scan();
      }
    });
  }

  /** The banner of this notebook. */
  readonly banner: SensitiveDataBanner;

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Ask the server for this notebook's findings and show them. A scan that
   * finishes after a newer one started is ignored. `force` shows the banner
   * even if the user dismissed it.
   *
   * @returns the result shown, or null (scanning off, a stale answer, or disposed).
   */
  async scan(force = false): Promise<IScanResult | null> {
    const seq = ++this._seq;
    const { cloudshare } = this._guard.options;
    const path = this.context.path;
    try {
      const config = await cloudshare.config.catch(() => null);
      if (config && !config.features.scan) {
        this._apply(null, force);
        return null;
      }
      const result = await cloudshare.api.scan(path);
      if (this.isDisposed || seq !== this._seq) {
        return null;
      }
      this._apply(result, force);
      return result;
    } catch (error) {
      if (this.isDisposed || seq !== this._seq) {
        return null;
      }
      if (isScanDisabled(error)) {
        this._apply(null, force);
        return null;
      }
      // Keep what is shown: a failed check is no reason to hide a warning.
      console.warn(
        `cloudshare: cannot check ${path} for sensitive data`,
        error
      );
      throw error;
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.disconnectReceiver(this);
    this.banner.dispose();
    this._guard.forget(this.panel);
  }

  private _apply(result: IScanResult | null, force: boolean): void {
    const dismissed = this._guard.dismissedPaths;
    if (force) {
      dismissed.delete(this.context.path);
    }
    // Each path has its own dismissal (a rename is another path).
    this.banner.setResult(result, !dismissed.has(this.context.path));
  }

  private _onSaveState(_: unknown, state: DocumentRegistry.SaveState): void {
    if (state === 'completed' && this._guard.options.settings().scanOnSave) {
      void this.scan().catch(() => undefined);
    }
  }

  private _onPathChanged(): void {
    void this.scan().catch(() => undefined);
  }

  private _onCommandChanged(): void {
    this.banner.refreshActions();
  }

  /** Select the cell of a finding and scroll it into view. */
  private _reveal(finding: IFinding, cellFindings: readonly IFinding[]): void {
    const notebook = this.panel.content;
    const cells = notebook.widgets;
    let index = finding.cell_id
      ? cells.findIndex(cell => cell.model.id === finding.cell_id)
      : -1;
    if (index < 0) {
      index = finding.cell;
    }
    if (index < 0 || index >= cells.length) {
      return;
    }
    notebook.mode = 'command';
    notebook.deselectAll();
    notebook.activeCellIndex = index;
    const cell = cells[index];
    void notebook
      .scrollToItem(index, 'center')
      .catch(() => undefined)
      .then(() => {
        // Rendered by now: mark the text found and bring the first one into view.
        const first = Private.highlight(cell.model, cell.node, cellFindings);
        first?.startContainer.parentElement?.scrollIntoView({
          block: 'center',
          inline: 'nearest'
        });
      });
  }

  private async _clearOutputs(): Promise<void> {
    const { trans } = this._guard.options;
    const answer = await showDialog({
      title: trans.__('Clear all outputs?'),
      body: trans.__(
        'This clears the output of every cell in %1. The file on disk changes only when you save the notebook; after you save, it is checked again.',
        this.panel.title.label
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Clear outputs') })
      ],
      defaultButton: 0
    });
    if (!answer.button.accept || this.isDisposed) {
      return;
    }
    // What "notebook:clear-all-cell-outputs" runs, on this panel rather than the current one.
    NotebookActions.clearAllOutputs(this.panel.content);
    this.banner.setNote(
      trans.__('Outputs cleared. Save the notebook to check it again.')
    );
  }

  private _isDisposed = false;
  private _seq = 0;
}

/**
 * The document widget extension that gives each notebook its sensitive-data
 * guard (its banner lives in the panel's content header).
 */
export class SensitiveDataGuard implements DocumentRegistry.IWidgetExtension<
  NotebookPanel,
  INotebookModel
> {
  constructor(readonly options: ISensitiveDataGuardOptions) {}

  /** Paths the user dismissed the banner of, for this session. */
  readonly dismissedPaths = new Set<string>();

  createNew(
    panel: NotebookPanel,
    context: DocumentRegistry.IContext<INotebookModel>
  ): IDisposable {
    const guard = new NotebookGuard(panel, context, this);
    this._guards.set(panel, guard);
    return guard;
  }

  /** The guard of a panel, if any. */
  guardOf(panel: NotebookPanel): NotebookGuard | undefined {
    return this._guards.get(panel);
  }

  /** Called by a guard when it is disposed. */
  forget(panel: NotebookPanel): void {
    this._guards.delete(panel);
  }

  private _guards = new Map<NotebookPanel, NotebookGuard>();
}

/** Options of the guard commands. */
export interface IGuardCommandsOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  guard: SensitiveDataGuard;
  trans: TranslationBundle;
}

/** Register "Check for Sensitive Data" (`cloudshare:scan`). */
export function addGuardCommands(options: IGuardCommandsOptions): void {
  const { app, tracker, guard, trans } = options;
  let scanFeature = true;
  void guard.options.cloudshare.config
    .then(config => {
      scanFeature = config.features.scan;
      app.commands.notifyCommandChanged(CommandIDs.scan);
    })
    .catch(() => undefined);

  app.commands.addCommand(CommandIDs.scan, {
    label: trans.__('Check for Sensitive Data'),
    caption: trans.__(
      'Check this notebook for protected health information and secrets, and show what was found'
    ),
    isEnabled: () => scanFeature && tracker.currentWidget !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      const notebookGuard = panel ? guard.guardOf(panel) : undefined;
      if (!panel || !notebookGuard) {
        return null;
      }
      try {
        // The server checks the saved file: save first, as the export does.
        await saveIfDirty(panel);
        const result = await notebookGuard.scan(true);
        if (result === null) {
          if (!notebookGuard.isDisposed && !scanFeature) {
            Notification.info(
              trans.__('Sensitive-data checks are turned off on this server.'),
              {
                autoClose: 5000
              }
            );
          }
          return null;
        }
        if (result.count === 0) {
          Notification.success(trans.__('No sensitive data found'), {
            autoClose: 4000
          });
        }
        return result;
      } catch (error) {
        Notification.error(
          trans.__('Cannot check for sensitive data: %1', errorMessage(error)),
          {
            autoClose: 8000
          }
        );
        return null;
      }
    }
  });
}

/**
 * The sensitive-data guard: a banner above a notebook's cells when it may
 * hold PHI or secrets, and the "Check for Sensitive Data" command. Works in
 * JupyterLab and Jupyter Notebook 7 (a notebook widget extension).
 */
export const guardPlugin: JupyterFrontEndPlugin<void> = {
  id: GUARD_PLUGIN_ID,
  description: 'Warn in a banner when a notebook may hold sensitive data.',
  autoStart: true,
  requires: [ICloudShare, INotebookTracker],
  optional: [ITranslator, ISettingRegistry, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    cloudshare: ICloudShare,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const settings: IGuardSettings = { scanOnOpen: true, scanOnSave: true };
    if (settingRegistry) {
      void settingRegistry
        .load(GUARD_PLUGIN_ID)
        .then(loaded => {
          const read = () => {
            settings.scanOnOpen = loaded.get('scanOnOpen').composite !== false;
            settings.scanOnSave = loaded.get('scanOnSave').composite !== false;
          };
          read();
          loaded.changed.connect(read);
        })
        .catch(reason =>
          console.warn('cloudshare: cannot load the guard settings', reason)
        );
    }

    const guard = new SensitiveDataGuard({
      app,
      cloudshare,
      trans,
      settings: () => settings
    });
    app.docRegistry.addWidgetExtension('Notebook', guard);
    addGuardCommands({ app, tracker, guard, trans });
    if (palette) {
      palette.addItem({
        command: CommandIDs.scan,
        category: trans.__('Cloud Share')
      });
    }
  }
};

namespace Private {
  /** The name of the CSS highlight (style/base.css styles `::highlight(...)`). */
  export const HIGHLIGHT = 'jp-cloudshare-finding';

  type CellModelLike = {
    sharedModel: { getSource(): string };
    toJSON(): unknown;
  };

  /** The text a finding matched, read from the cell's own source or output. */
  export function matchedText(model: CellModelLike, finding: IFinding): string {
    const join = (value: unknown) =>
      Array.isArray(value)
        ? value.join('')
        : typeof value === 'string'
          ? value
          : '';
    if (!finding.in_output) {
      return model.sharedModel.getSource().slice(finding.start, finding.end);
    }
    const match = /^\/cells\/\d+\/outputs\/(\d+)\/(.*)$/.exec(finding.path);
    const outputs = (
      model.toJSON() as { outputs?: { [key: string]: unknown }[] }
    ).outputs;
    const output = match && outputs ? outputs[Number(match[1])] : undefined;
    if (!match || !output) {
      return '';
    }
    const rest = match[2];
    const text = rest.startsWith('data/')
      ? join(
          (output.data as { [mime: string]: unknown } | undefined)?.[
            rest.slice(5)
          ]
        )
      : join(output[rest]);
    return text.slice(finding.start, finding.end);
  }

  /** Ranges of `value` in the text under `root`, one text node at a time. */
  export function rangesOf(root: Element, value: string): Range[] {
    const ranges: Range[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (
        let at = text.indexOf(value);
        at >= 0;
        at = text.indexOf(value, at + 1)
      ) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + value.length);
        ranges.push(range);
      }
    }
    return ranges;
  }

  /**
   * Highlight the findings' text in the cell (CSS Custom Highlight API, where
   * the browser has it); the first range, or null when nothing was marked.
   */
  export function highlight(
    model: CellModelLike,
    node: HTMLElement,
    findings: readonly IFinding[]
  ): Range | null {
    const registry = globalThis as unknown as {
      CSS?: { highlights?: Map<string, unknown> };
      Highlight?: new (...ranges: Range[]) => unknown;
    };
    const highlights = registry.CSS?.highlights;
    const HighlightClass = registry.Highlight;
    const ranges: Range[] = [];
    const seen = new Set<string>();
    for (const finding of findings) {
      const value = matchedText(model, finding).trim();
      if (value.length < 2 || seen.has(value)) {
        continue;
      }
      seen.add(value);
      const area = finding.in_output
        ? node.querySelector('.jp-Cell-outputArea')
        : node.querySelector('.jp-Cell-inputArea');
      if (area) {
        ranges.push(...rangesOf(area, value));
      }
    }
    if (highlights && HighlightClass) {
      if (ranges.length) {
        highlights.set(HIGHLIGHT, new HighlightClass(...ranges));
      } else {
        highlights.delete(HIGHLIGHT);
      }
    }
    return ranges[0] ?? null;
  }
}
