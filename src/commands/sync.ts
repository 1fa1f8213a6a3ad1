import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  IToolbarWidgetRegistry,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ILauncher } from '@jupyterlab/launcher';
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
  IOpenRequest,
  IPullResult,
  PullResolution,
  TRANSLATION_DOMAIN
} from '../tokens';
import { diffSummaryWidget } from '../widgets/diffSummary';
import { OpenFromGitHubBody } from '../widgets/openDialog';
import { SyncStatusItem } from '../widgets/syncStatus';
import { errorMessage } from './export';
import { githubIcon } from './github';

const PLUGIN_ID = 'jupyterlab-cloudshare:sync';

/**
 * "Open from GitHub...", "Pull from GitHub" and the toolbar's sync status.
 */
export const syncPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Open notebooks from GitHub, see their sync status, pull.',
  autoStart: true,
  requires: [ICloudShare, INotebookTracker],
  optional: [
    ITranslator,
    IToolbarWidgetRegistry,
    ICommandPalette,
    ILauncher,
    IDefaultFileBrowser
  ],
  activate: (
    app: JupyterFrontEnd,
    cloudshare: ICloudShare,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    fileBrowser: IDefaultFileBrowser | null
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
      label: args =>
        args.isLauncher
          ? trans.__('Open from GitHub')
          : trans.__('Open from GitHub…'),
      caption: trans.__(
        'Open a notebook from a GitHub, Colab, nbviewer or gist link, or browse repositories'
      ),
      icon: args => (args.isLauncher ? githubIcon : undefined),
      execute: async args => {
        // The launcher's folder, else the one the file browser shows.
        const folder =
          typeof args.cwd === 'string'
            ? args.cwd
            : (fileBrowser?.model.path ?? '');
        const auth = await cloudshare.api.githubAuth().catch(() => null);
        const body = new OpenFromGitHubBody({
          api: cloudshare.api,
          trans,
          folder,
          signedIn: auth?.signedIn ?? false,
          login: auth?.login ?? null
        });
        const answer = await showDialog<IOpenRequest | null>({
          title: trans.__('Open from GitHub'),
          body,
          buttons: [
            Dialog.cancelButton({ label: trans.__('Cancel') }),
            Dialog.okButton({ label: trans.__('Open') })
          ],
          focusNodeSelector: 'input[name="url"]'
        });
        const request = answer.value;
        if (!answer.button.accept || !request) {
          return;
        }
        await openRequest(request);
      }
    });

    const openRequest = async (request: IOpenRequest): Promise<void> => {
      try {
        const result = await model.open(request);
        await commands.execute('docmanager:open', { path: result.path });
      } catch (reason) {
        if (
          reason instanceof CloudShareError &&
          reason.code === 'file_exists' &&
          !request.overwrite
        ) {
          const answer = await showDialog({
            title: trans.__('Replace the file?'),
            body: trans.__(
              '"%1" already exists. Replace it with the notebook from GitHub?',
              String(reason.details.path ?? '')
            ),
            buttons: [
              Dialog.cancelButton({ label: trans.__('Cancel') }),
              Dialog.warnButton({ label: trans.__('Replace') })
            ]
          });
          if (answer.button.accept) {
            await openRequest({ ...request, overwrite: true });
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
    if (launcher) {
      launcher.add({
        command: CommandIDs.openFromGitHub,
        category: trans.__('Other'),
        rank: 10,
        args: { isLauncher: true }
      });
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
