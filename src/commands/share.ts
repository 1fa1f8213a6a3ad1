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
import {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import {
  BadgeStyle,
  CommandIDs,
  ICloudShare,
  IColabShare,
  IDriveSaveResult,
  IGistResult,
  ILinksResult,
  IPushResult,
  IServerConfig,
  TRANSLATION_DOMAIN
} from '../tokens';
import { BadgeCell, showLinksDialog } from '../widgets/linksDialog';
import {
  ShareChoice,
  showColabLinkDialog,
  showNeedsUploadDialog
} from '../widgets/shareDialog';
import { errorMessage } from './export';

/** The metadata key that marks cloudshare's badge cell. */
const BADGE_METADATA_KEY = 'cloudshare';

/** The commands of this plugin, in palette order. */
const SHARE_COMMANDS = [
  CommandIDs.shareColab,
  CommandIDs.launchLinks,
  CommandIDs.insertBadge
];

/** The toolbar icon of "Share to Colab": a generic share glyph. */
export const shareColabIcon = new LabIcon({
  name: 'jupyterlab-cloudshare:share-colab',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
    '<path class="jp-icon3" fill="#616161" d="M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7' +
    'c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11c.54.5 1.25.81 2.04.81 1.66 0 3-1.34 ' +
    '3-3s-1.34-3-3-3-3 1.34-3 3c0 .24.04.47.09.7L8.04 9.81C7.5 9.31 6.79 9 6 9c-1.66 0-3 ' +
    '1.34-3 3s1.34 3 3 3c.79 0 1.5-.31 2.04-.81l7.12 4.16c-.05.21-.08.43-.08.65 0 1.61 ' +
    '1.31 2.92 2.92 2.92s2.92-1.31 2.92-2.92-1.31-2.92-2.92-2.92z"/></svg>'
});

/**
 * Put the server's badge cell at the top of a notebook, or replace the
 * source of an existing cloudshare badge cell (wherever the user moved it)
 * rather than adding a second one. Returns the cell's index.
 */
export function insertBadgeCell(
  model: INotebookModel,
  cell: BadgeCell
): number {
  const shared = model.sharedModel;
  const source = Array.isArray(cell.source)
    ? cell.source.join('')
    : String(cell.source ?? '');
  for (let index = 0; index < shared.cells.length; index++) {
    const existing = shared.getCell(index);
    const mark = existing.getMetadata(BADGE_METADATA_KEY) as
      { badges?: unknown } | undefined;
    if (existing.cell_type === 'markdown' && mark && mark.badges) {
      existing.setSource(source);
      return index;
    }
  }
  shared.insertCell(0, {
    cell_type: 'markdown',
    id: typeof cell.id === 'string' ? cell.id : undefined,
    metadata: (cell.metadata as { [key: string]: unknown } | undefined) ?? {
      [BADGE_METADATA_KEY]: { badges: true }
    },
    source
  } as Parameters<typeof shared.insertCell>[1]);
  return 0;
}

/** Options of {@link addShareCommands}. */
export interface IShareCommandsOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  cloudshare: ICloudShare;
  trans: TranslationBundle;
}

/**
 * Register "Share to Colab", "Launch Links and Badges…" and "Insert Badge Cell".
 */
export function addShareCommands(options: IShareCommandsOptions): void {
  const { app, tracker, cloudshare, trans } = options;
  const { commands } = app;

  // Feature switches are known once the server settings arrive; until then
  // the commands show (the server refuses a disabled feature anyway).
  let features: IServerConfig['features'] | null = null;
  let pinDefault = false;
  let badgeStyle: BadgeStyle = 'image';
  cloudshare.config
    .then(config => {
      features = config.features;
      pinDefault = config.linksPinCommit;
      badgeStyle = config.badgeStyle ?? 'image';
      for (const id of SHARE_COMMANDS) {
        commands.notifyCommandChanged(id);
      }
    })
    .catch(() => {
      // The core plugin already reports an unreadable configuration.
    });
  const hasNotebook = () => tracker.currentWidget !== null;

  /** The Colab link; the private-repository note only for a repository (a gist has none). */
  const showLink = (
    url: string,
    share: IColabShare | null,
    where?: string,
    fromGist = false
  ) =>
    showColabLinkDialog({
      url,
      trans,
      where: where ?? null,
      privateHint: fromGist ? null : (share?.privateHint ?? null)
    });

  /** Run the chosen upload (commands of the GitHub plugin), then show the Colab link. */
  const upload = async (
    choice: ShareChoice,
    share: IColabShare,
    notebookPath: string
  ) => {
    let result: IPushResult | IGistResult | IDriveSaveResult | undefined;
    let where: string | undefined;
    if (choice === 'drive') {
      const saved = (await commands.execute(CommandIDs.driveSave, {
        notebookPath,
        purpose: 'link'
      })) as IDriveSaveResult | undefined;
      result = saved;
      where = saved ? trans.__('Google Drive: %1', saved.name) : undefined;
    } else if (choice === 'gist') {
      const gist = (await commands.execute(CommandIDs.saveGist, {
        notebookPath,
        purpose: 'link'
      })) as IGistResult | undefined;
      result = gist;
      where = gist ? trans.__('gist %1', gist.gistId) : undefined;
    } else {
      const args =
        choice === 'quick'
          ? { quick: true, notebookPath, purpose: 'link' }
          : { colabLink: true, notebookPath, purpose: 'link' };
      const push = (await commands.execute(CommandIDs.pushToGitHub, args)) as
        IPushResult | undefined;
      result = push;
      where = push
        ? trans.__('%1, branch %2', push.repo, push.branch)
        : undefined;
    }
    if (result?.colabUrl) {
      await showLink(result.colabUrl, share, where, choice === 'gist');
    }
  };

  /**
   * Whether the cells differ from the saved file. A notebook turns dirty
   * when its kernel starts and rewrites metadata; that does not change what
   * Colab would show, so only cell types and sources count.
   */
  const hasUnsavedEdits = async (panel: NotebookPanel): Promise<boolean> => {
    const model = panel.context.model;
    if (!model.dirty) {
      return false;
    }
    try {
      const saved = await app.serviceManager.contents.get(panel.context.path, {
        type: 'notebook',
        content: true
      });
      const savedCells = ((saved.content as { cells?: unknown[] } | null)
        ?.cells ?? []) as {
        cell_type?: string;
        source?: string | string[];
      }[];
      const cells = model.sharedModel.cells;
      return (
        cells.length !== savedCells.length ||
        cells.some((cell, index) => {
          const other = savedCells[index];
          const source = Array.isArray(other.source)
            ? other.source.join('')
            : (other.source ?? '');
          return (
            cell.cell_type !== other.cell_type || cell.getSource() !== source
          );
        })
      );
    } catch {
      return true;
    }
  };

  /** Ask about unsaved edits; false when the user cancels. */
  const confirmUnsaved = async (panel: NotebookPanel): Promise<boolean> => {
    const model = panel.context.model;
    if (model.readOnly || !(await hasUnsavedEdits(panel))) {
      return true;
    }
    const answer = await showDialog({
      title: trans.__('Unsaved changes'),
      body: trans.__(
        'This notebook has unsaved changes. Colab opens the version on GitHub, which does not include them. Save the notebook first?'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({
          label: trans.__('Continue Without Saving'),
          displayType: 'default',
          actions: ['continue']
        }),
        Dialog.okButton({ label: trans.__('Save'), actions: ['save'] })
      ],
      defaultButton: 2
    });
    if (!answer.button.accept) {
      return false;
    }
    if (answer.button.actions.includes('save')) {
      await panel.context.save();
    }
    return true;
  };

  commands.addCommand(CommandIDs.shareColab, {
    label: args =>
      args.toolbar ? trans.__('Share to Colab') : trans.__('Share to Colab…'),
    caption: trans.__(
      'Share to Colab: open this notebook in Google Colab from GitHub, uploading it if needed'
    ),
    icon: args => (args.toolbar ? shareColabIcon : undefined),
    isEnabled: hasNotebook,
    isVisible: () => features?.colab !== false,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      try {
        if (!(await confirmUnsaved(panel))) {
          return;
        }
        const share = await cloudshare.api.shareColab(panel.context.path);
        if (share.status === 'ready' && share.colabUrl) {
          const loc = share.location;
          const where =
            loc && loc.owner && loc.repo
              ? loc.branch
                ? trans.__('%1/%2, branch %3', loc.owner, loc.repo, loc.branch)
                : trans.__(
                    '%1/%2, commit %3',
                    loc.owner,
                    loc.repo,
                    String(loc.commit ?? '').slice(0, 7)
                  )
              : undefined;
          await showLink(share.colabUrl, share, where, share.source === 'gist');
          return share.colabUrl;
        }
        const choice = await showNeedsUploadDialog({
          share,
          trans,
          available: {
            quick: commands.hasCommand(CommandIDs.pushToGitHub),
            push: commands.hasCommand(CommandIDs.pushToGitHub),
            gist: commands.hasCommand(CommandIDs.saveGist),
            drive:
              commands.hasCommand(CommandIDs.driveSave) &&
              commands.isEnabled(CommandIDs.driveSave, { notebookPath: '' })
          }
        });
        if (choice) {
          await upload(choice, share, panel.context.path);
        }
      } catch (error) {
        Notification.error(
          trans.__('Share to Colab failed: %1', errorMessage(error)),
          {
            autoClose: 8000
          }
        );
      }
    }
  });

  const insertInto = (panel: NotebookPanel, cell: BadgeCell): string => {
    const model = panel.content.model;
    if (!model) {
      throw new Error(trans.__('The notebook is not loaded.'));
    }
    const index = insertBadgeCell(model, cell);
    return index === 0
      ? trans.__('Badge cell inserted at the top of %1.', panel.context.path)
      : trans.__('Badge cell %1 of %2 updated.', index + 1, panel.context.path);
  };

  commands.addCommand(CommandIDs.launchLinks, {
    label: trans.__('Launch Links and Badges…'),
    caption: trans.__(
      'Links that open this notebook in Colab, Binder and other services'
    ),
    isEnabled: hasNotebook,
    isVisible: () => features?.links !== false,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      const path = panel.context.path;
      await showLinksDialog({
        trans,
        pin: pinDefault,
        canInsert: !panel.context.model.readOnly,
        badgeStyle,
        fetch: pin => cloudshare.api.links(path, pin),
        insert: cell => insertInto(panel, cell),
        errorMessage
      });
    }
  });

  /**
   * The badge cell to insert: text links under "text-only"; otherwise the
   * user chooses, told first that image badges load from outside hosts.
   * null when there are no badges, undefined when the user cancels.
   */
  const chooseBadgeCell = async (
    result: ILinksResult
  ): Promise<BadgeCell | null | undefined> => {
    const text = (result.badgeCellText ?? null) as BadgeCell | null;
    const image = (result.badgeCell ?? null) as BadgeCell | null;
    if (badgeStyle === 'text-only' || !image) {
      return text;
    }
    const hosts = result.badgeHosts ?? [];
    const textFirst = badgeStyle === 'text';
    const textButton = Dialog.okButton({
      label: trans.__('Insert Text Links'),
      displayType: 'default',
      actions: ['text']
    });
    const imageButton = Dialog.okButton({
      label: trans.__('Insert Image Badges'),
      displayType: 'default',
      actions: ['image']
    });
    const answer = await showDialog({
      title: trans.__('Insert Launch Badges'),
      body: hosts.length
        ? trans.__(
            "Image badges load their pictures from %1 other sites (%2) whenever the notebook is shown, in JupyterLab and in every reader's browser. Text links load nothing.",
            hosts.length,
            hosts.join(', ')
          )
        : trans.__('Text links load nothing from other sites.'),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        textButton,
        imageButton
      ],
      defaultButton: textFirst ? 1 : 2
    });
    if (!answer.button.accept) {
      return undefined;
    }
    return answer.button.actions.includes('image') ? image : text;
  };

  commands.addCommand(CommandIDs.insertBadge, {
    label: trans.__('Insert Launch Badge Cell'),
    caption: trans.__("Add the notebook's launch badges as its first cell"),
    isEnabled: hasNotebook,
    isVisible: () => features?.links !== false,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      try {
        const result = await cloudshare.api.links(
          panel.context.path,
          pinDefault
        );
        const cell = await chooseBadgeCell(result);
        if (cell === undefined) {
          return;
        }
        if (!cell) {
          Notification.warning(
            result.reason ??
              trans.__(
                'This notebook has no GitHub location, so it has no badges.'
              ),
            { autoClose: 8000 }
          );
          return;
        }
        Notification.success(insertInto(panel, cell), {
          autoClose: 4000
        });
      } catch (error) {
        Notification.error(
          trans.__('Cannot insert the badges: %1', errorMessage(error)),
          {
            autoClose: 8000
          }
        );
      }
    }
  });
}

/**
 * "Share to Colab" (toolbar and File menu), "Launch Links and Badges…" and
 * "Insert Launch Badge Cell". Toolbar and menu entries are declared in
 * schema/share.json.
 */
export const sharePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-cloudshare:share',
  description: 'Share to Colab in one click; launch links and badges.',
  autoStart: true,
  requires: [ICloudShare, INotebookTracker],
  optional: [ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    cloudshare: ICloudShare,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addShareCommands({ app, tracker, cloudshare, trans });
    const notify = () => {
      for (const id of SHARE_COMMANDS) {
        app.commands.notifyCommandChanged(id);
      }
    };
    tracker.currentChanged.connect(notify);
    if (palette) {
      const category = trans.__('Cloud Share');
      for (const command of SHARE_COMMANDS) {
        palette.addItem({ command, category });
      }
    }
  }
};
