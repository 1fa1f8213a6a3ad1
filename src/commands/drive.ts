import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { CloudShareError } from '../api';
import {
  CommandIDs,
  ICloudShare,
  IDriveAuth,
  IDriveSaveRequest,
  IDriveSaveResult,
  TRANSLATION_DOMAIN
} from '../tokens';
import {
  askDriveSaveOptions,
  DriveOpenBody,
  resolveDriveConflict,
  showDriveResult,
  signInToGoogle
} from '../widgets/driveDialogs';
import { isPolicyError, retryAfterPolicy } from '../widgets/policyDialog';
import { errorMessage, saveIfDirty } from './export';

/** The commands of this plugin, in palette order. */
const DRIVE_COMMANDS = [
  CommandIDs.driveSave,
  CommandIDs.driveOpen,
  CommandIDs.driveSignIn,
  CommandIDs.driveSignOut
];

/** Options of {@link addDriveCommands}. */
export interface IDriveCommandsOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  cloudshare: ICloudShare;
  trans: TranslationBundle;
}

/**
 * The signed-in status, signing in first (device flow) when needed and set
 * up; null when the user is not (and will not be) signed in.
 */
export async function ensureGoogleSignIn(
  cloudshare: ICloudShare,
  trans: TranslationBundle
): Promise<IDriveAuth | null> {
  const auth = await cloudshare.api.driveAuth();
  if (auth.signedIn) {
    return auth;
  }
  if (!auth.deviceFlow) {
    await showErrorMessage(
      trans.__('Not signed in to Google'),
      auth.error ??
        trans.__(
          'This server has no "Sign in with Google" set up: ask the administrator (docs/drive.md), or start the server with GOOGLE_OAUTH_ACCESS_TOKEN set.'
        )
    );
    return null;
  }
  return signInToGoogle(cloudshare.api, trans);
}

/**
 * Save a notebook to Drive, walking the user through the policy and the
 * conflict questions; the result, or null when they stop.
 */
export async function saveToDrive(
  cloudshare: ICloudShare,
  trans: TranslationBundle,
  path: string,
  share: boolean | null = null
): Promise<IDriveSaveResult | null> {
  const auth = await ensureGoogleSignIn(cloudshare, trans);
  if (!auth) {
    return null;
  }
  let noOutputs = false;
  let anyone = share ?? false;
  if (share === null) {
    const options = await askDriveSaveOptions(trans, auth.account);
    if (!options) {
      return null;
    }
    noOutputs = options.noOutputs;
    anyone = options.anyoneWithLink;
  }
  const config = await cloudshare.config;
  let request: IDriveSaveRequest = {
    path,
    noOutputs,
    share: anyone ? 'reader' : 'none',
    onConflict: 'fail',
    acknowledge: null
  };
  // Ask the policy first: a refusal the user resolves is then no failed request.
  let refusal: CloudShareError | null = await cloudshare.api.policyCheck(
    'drive/save',
    request
  );
  for (;;) {
    if (refusal) {
      const next = await retryAfterPolicy(request, refusal, trans, {
        allowWithoutOutputs: config.allowShareWithoutOutputs
      });
      if (!next) {
        return null;
      }
      request = next;
      refusal = null;
    }
    try {
      return await cloudshare.api.driveSave(request);
    } catch (error) {
      if (!(error instanceof CloudShareError)) {
        throw error;
      }
      if (error.code === 'drive_conflict') {
        const choice = await resolveDriveConflict(error, trans);
        if (!choice) {
          return null;
        }
        request.onConflict = choice;
        continue;
      }
      if (isPolicyError(error)) {
        refusal = error;
        continue;
      }
      throw error;
    }
  }
}

/** Register "Save a Copy in Drive", "Open from Google Drive…", sign-in and sign-out. */
export function addDriveCommands(options: IDriveCommandsOptions): void {
  const { app, tracker, cloudshare, trans } = options;
  const current = (): NotebookPanel | null => tracker.currentWidget;
  let enabled = false;
  void cloudshare.config.then(
    config => {
      enabled = config.features.drive === true;
      for (const id of DRIVE_COMMANDS) {
        app.commands.notifyCommandChanged(id);
      }
    },
    () => undefined
  );

  app.commands.addCommand(CommandIDs.driveSave, {
    label: trans.__('Save a Copy in Drive…'),
    caption: trans.__(
      'Save the notebook in the "Colab Notebooks" folder of Google Drive'
    ),
    isEnabled: args =>
      enabled && (current() !== null || typeof args.notebookPath === 'string'),
    isVisible: () => enabled,
    execute: async args => {
      // Called by "Share to Colab" with {notebookPath, purpose: 'link'}: it
      // shows the Colab link itself, so only the result is returned then.
      const panel = current();
      const path =
        typeof args.notebookPath === 'string' && args.notebookPath
          ? args.notebookPath
          : panel?.context.path;
      if (!path) {
        return undefined;
      }
      try {
        if (panel && panel.context.path === path) {
          await saveIfDirty(panel);
        }
        const result = await saveToDrive(cloudshare, trans, path);
        if (result && args.purpose !== 'link') {
          await showDriveResult(result, trans);
        }
        return result ?? undefined;
      } catch (error) {
        Notification.error(
          trans.__('Saving to Drive failed: %1', errorMessage(error)),
          { autoClose: false }
        );
        return undefined;
      }
    }
  });

  app.commands.addCommand(CommandIDs.driveOpen, {
    label: trans.__('Open from Google Drive…'),
    caption: trans.__('Copy a notebook from Google Drive into this server'),
    isEnabled: () => enabled,
    isVisible: () => enabled,
    execute: async () => {
      try {
        if (!(await ensureGoogleSignIn(cloudshare, trans))) {
          return;
        }
        const listing = await cloudshare.api.driveList();
        const answer = await showDialog({
          title: trans.__('Open from Google Drive'),
          body: new DriveOpenBody(listing.files, trans),
          buttons: [
            Dialog.cancelButton({ label: trans.__('Cancel') }),
            Dialog.okButton({ label: trans.__('Open') })
          ]
        });
        const target = String(answer.value ?? '');
        if (!answer.button.accept || !target) {
          return;
        }
        let opened;
        try {
          opened = await cloudshare.api.driveOpen({ url: target });
        } catch (error) {
          if (
            !(error instanceof CloudShareError) ||
            error.code !== 'file_exists'
          ) {
            throw error;
          }
          const replace = await showDialog({
            title: trans.__('File exists'),
            body: trans.__(
              '"%1" already exists on this server. Replace it with the copy from Drive?',
              String(error.details.path ?? '')
            ),
            buttons: [
              Dialog.cancelButton({ label: trans.__('Cancel') }),
              Dialog.warnButton({ label: trans.__('Replace') })
            ]
          });
          if (!replace.button.accept) {
            return;
          }
          opened = await cloudshare.api.driveOpen({
            url: target,
            overwrite: true
          });
        }
        await app.commands.execute('docmanager:open', { path: opened.path });
      } catch (error) {
        Notification.error(
          trans.__('Opening from Drive failed: %1', errorMessage(error)),
          { autoClose: false }
        );
      }
    }
  });

  app.commands.addCommand(CommandIDs.driveSignIn, {
    label: trans.__('Sign in with Google…'),
    isEnabled: () => enabled,
    isVisible: () => enabled,
    execute: async () => {
      try {
        const auth = await ensureGoogleSignIn(cloudshare, trans);
        if (auth) {
          Notification.success(
            trans.__('Signed in to Google as %1.', auth.account ?? '')
          );
        }
      } catch (error) {
        Notification.error(
          trans.__('Google sign-in failed: %1', errorMessage(error))
        );
      }
    }
  });

  app.commands.addCommand(CommandIDs.driveSignOut, {
    label: trans.__('Sign out of Google'),
    isEnabled: () => enabled,
    isVisible: () => enabled,
    execute: async () => {
      try {
        await cloudshare.api.driveSignOut();
        Notification.info(trans.__('Signed out of Google.'));
      } catch (error) {
        Notification.error(
          trans.__('Google sign-out failed: %1', errorMessage(error))
        );
      }
    }
  });
}

/** Google Drive: save a copy, open from Drive, sign in and out. */
export const drivePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-cloudshare:drive',
  description: 'Save notebooks to Google Drive and open them from there.',
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
    addDriveCommands({ app, tracker, cloudshare, trans });
    tracker.currentChanged.connect(() =>
      app.commands.notifyCommandChanged(CommandIDs.driveSave)
    );
    if (palette) {
      const category = trans.__('Cloud Share');
      for (const command of DRIVE_COMMANDS) {
        palette.addItem({ command, category });
      }
    }
  }
};
