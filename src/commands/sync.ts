import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  InputDialog,
  IToolbarWidgetRegistry,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { CloudShareError } from '../api';
import { SyncModel } from '../sync/model';
import {
  CommandIDs,
  ICloudShare,
  IPullResult,
  PullResolution,
  TRANSLATION_DOMAIN
} from '../tokens';
import { diffSummaryWidget } from '../widgets/diffSummary';
import { SyncStatusItem } from '../widgets/syncStatus';
import { errorMessage } from './export';

const PLUGIN_ID = 'jupyterlab-cloudshare:sync';

/**
 * "Open from GitHub...", "Pull from GitHub" and the toolbar's sync status.
 */
export const syncPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Open notebooks from GitHub, see their sync status, pull.',
  autoStart: true,
  requires: [ICloudShare, INotebookTracker],
  optional: [ITranslator, IToolbarWidgetRegistry, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    cloudshare: ICloudShare,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const model = new SyncModel({ api: cloudshare.api });
    const { commands } = app;

    const panelFor = (path?: unknown): NotebookPanel | null => {
      if (typeof path === 'string') {
        return tracker.find(p => p.context.path === path) ?? null;
      }
      return tracker.currentWidget;
    };

    commands.addCommand(CommandIDs.openFromGitHub, {
      label: trans.__('Open from GitHub…'),
      caption: trans.__(
        'Open a notebook from a GitHub, Colab, nbviewer or gist link'
      ),
      execute: async () => {
        const url = await InputDialog.getText({
          title: trans.__('Open from GitHub'),
          label: trans.__('Link to a notebook on GitHub or a gist'),
          placeholder:
            'https://github.com/OWNER/REPO/blob/BRANCH/NOTEBOOK.ipynb'
        });
        if (!url.button.accept || !url.value) {
          return;
        }
        await openUrl(url.value.trim(), false);
      }
    });

    const openUrl = async (url: string, overwrite: boolean): Promise<void> => {
      try {
        const result = await model.open(url, undefined, overwrite);
        await commands.execute('docmanager:open', { path: result.path });
      } catch (reason) {
        if (
          reason instanceof CloudShareError &&
          reason.code === 'file_exists' &&
          !overwrite
        ) {
          const answer = await showDialog({
            title: trans.__('Replace the file?'),
            body: trans.__('%1 already exists here.', reason.message),
            buttons: [
              Dialog.cancelButton({ label: trans.__('Cancel') }),
              Dialog.warnButton({ label: trans.__('Replace') })
            ]
          });
          if (answer.button.accept) {
            await openUrl(url, true);
          }
          return;
        }
        Notification.error(errorMessage(reason), { autoClose: false });
      }
    };

    commands.addCommand(CommandIDs.syncStatus, {
      label: trans.__('Check GitHub Sync Status'),
      isEnabled: () => panelFor() !== null,
      execute: async args => {
        const panel = panelFor(args.path);
        if (panel) {
          await model.refresh(panel.context.path);
        }
      }
    });

    commands.addCommand(CommandIDs.pullFromGitHub, {
      label: trans.__('Pull from GitHub'),
      isEnabled: () => panelFor() !== null,
      execute: async args => {
        const panel = panelFor(args.path);
        if (panel) {
          await pull(panel, model, trans);
        }
      }
    });

    // Refresh on open and on save; never by polling.
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(() => model.refresh(panel.context.path));
      panel.context.saveState.connect((_, state) => {
        if (state === 'completed') {
          void model.refresh(panel.context.path);
        }
      });
    });

    if (toolbarRegistry) {
      toolbarRegistry.addFactory<NotebookPanel>(
        'Notebook',
        'cloudshare-sync-status',
        panel => new SyncStatusItem({ model, panel, commands, trans })
      );
    }
    if (palette) {
      const category = trans.__('Cloud Share');
      for (const command of [
        CommandIDs.openFromGitHub,
        CommandIDs.pullFromGitHub,
        CommandIDs.syncStatus
      ]) {
        palette.addItem({ command, category });
      }
    }
  }
};

/**
 * Pull one notebook: ask before replacing unsaved edits; on a divergence,
 * show the difference and let the user choose.
 */
async function pull(
  panel: NotebookPanel,
  model: SyncModel,
  trans: TranslationBundle
): Promise<void> {
  const path = panel.context.path;
  if (panel.context.model.dirty) {
    const answer = await showDialog({
      title: trans.__('Unsaved changes'),
      body: trans.__(
        'This notebook has unsaved changes. Save them first, then pull: a pull never replaces a notebook that changed here.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Save and Pull') })
      ]
    });
    if (!answer.button.accept) {
      return;
    }
    await panel.context.save();
  }
  let result: IPullResult;
  try {
    result = await model.pull(path);
  } catch (reason) {
    Notification.error(errorMessage(reason), { autoClose: false });
    return;
  }
  if (result.action === 'updated') {
    await panel.context.revert();
    Notification.success(trans.__('Updated from GitHub.'), { autoClose: 4000 });
    return;
  }
  if (result.action === 'remote-missing') {
    Notification.warning(trans.__('The notebook is gone from GitHub.'));
    return;
  }
  if (result.action !== 'diverged') {
    Notification.info(trans.__('Nothing to pull.'), { autoClose: 3000 });
    return;
  }
  const keepLabel = trans.__('Keep Local');
  const takeLabel = trans.__('Take Remote');
  const mergeLabel = trans.__('Merge Both');
  const buttons = [
    Dialog.cancelButton({ label: trans.__('Decide Later') }),
    Dialog.okButton({ label: keepLabel, displayType: 'default' }),
    Dialog.warnButton({ label: takeLabel })
  ];
  if (result.canMerge) {
    buttons.push(Dialog.okButton({ label: mergeLabel }));
  }
  const answer = await showDialog({
    title: trans.__('Changed here and on GitHub'),
    body: result.diff
      ? diffSummaryWidget(result.diff, trans)
      : trans.__('The notebooks differ.'),
    buttons
  });
  if (!answer.button.accept) {
    // Nothing changes; the GitHub version stays beside the notebook.
    return;
  }
  const choices: { [label: string]: PullResolution } = {
    [keepLabel]: 'keep-local',
    [takeLabel]: 'take-remote',
    [mergeLabel]: 'merge'
  };
  const resolution = choices[answer.button.label] ?? 'keep-local';
  try {
    await model.pull(path, resolution);
    if (resolution !== 'keep-local') {
      await panel.context.revert();
    }
    if (result.remoteCopy) {
      Notification.info(
        trans.__('The GitHub version is also saved as %1.', result.remoteCopy),
        { autoClose: 6000 }
      );
    }
  } catch (reason) {
    Notification.error(errorMessage(reason), { autoClose: false });
  }
}
