import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  Dialog,
  ICommandPalette,
  Notification
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CloudShareError } from '../api';
import {
  CommandIDs,
  ICloudShare,
  IGistRequest,
  IGistResult,
  IGitHubAuth,
  IPushRecord,
  IPushRequest,
  IPushResult,
  IServerConfig,
  TRANSLATION_DOMAIN
} from '../tokens';
import { BusyDialog } from '../widgets/busyDialog';
import { GistChoices, GistForm } from '../widgets/gistDialog';
import { isPolicyError, retryAfterPolicy } from '../widgets/policyDialog';
import {
  buildPushRequest,
  defaultPushState,
  PushForm,
  resolveConflict
} from '../widgets/pushDialog';
import { missingScopes, signInToGitHub } from '../widgets/signInDialog';
import { errorMessage, saveIfDirty } from './export';

/** The GitHub mark (Octicons `mark-github`, MIT licence). */
export const githubIcon = new LabIcon({
  name: 'jupyterlab-cloudshare:github',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">' +
    '<path class="jp-icon3" fill="#616161" fill-rule="evenodd" d="M8 0C3.58 0 0 3.58 0 8c0 ' +
    '3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94' +
    '-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 ' +
    '2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36' +
    '-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 ' +
    '2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73' +
    '.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z"/>' +
    '</svg>'
});

/** Options of the GitHub commands. */
export interface IGitHubCommandsOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  cloudshare: ICloudShare;
  trans: TranslationBundle;
}

/** A first attempt made inside a dialog: its result, or an error to recover from. */
interface IAttempt<Request, Result> {
  request: Request;
  result?: Result;
  error?: CloudShareError;
}

/** How {@link sendWithRecovery} sends one kind of request. */
interface ISendOptions<Request, Result> {
  /** The most sends; each may first ask the user once. */
  rounds: number;
  /** Resolve a refusal with the user; the request to send next, or null to stop. */
  recover: (
    request: Request,
    error: CloudShareError
  ) => Promise<Request | null>;
  send: (request: Request) => Promise<Result>;
  /**
   * Ask the server's policy before a send the user has not yet confirmed
   * (null: allowed), so that its refusal is no failed request.
   */
  check?: (request: Request) => Promise<CloudShareError | null>;
  /** The "in progress" message of a send. */
  progress: (request: Request) => string;
}

/** Whether a failure is resolved by another dialog (conflict, policy, sign-in) and a retry. */
function isRecoverable(error: unknown): error is CloudShareError {
  return (
    error instanceof CloudShareError &&
    (error.code === 'remote_changed' ||
      error.code === 'github_auth_required' ||
      error.status === 401 ||
      isPolicyError(error))
  );
}

/**
 * The submit step of a share dialog: send the request; a recoverable refusal
 * closes the dialog to be resolved after it, any other failure stays in it.
 */
async function firstAttempt<Request, Result>(
  request: Request,
  send: (request: Request) => Promise<Result>,
  check?: (request: Request) => Promise<CloudShareError | null>
): Promise<IAttempt<Request, Result>> {
  try {
    const refusal = check ? await check(request) : null;
    if (refusal) {
      return { request, error: refusal };
    }
    return { request, result: await send(request) };
  } catch (error) {
    if (isRecoverable(error)) {
      return { request, error };
    }
    throw new Error(errorMessage(error));
  }
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function openUrl(url: string): void {
  window.open(url, '_blank', 'noopener');
}

/**
 * Register "Save a Copy in GitHub…", "Save a Copy as a GitHub Gist…",
 * "Sign in to GitHub…" and "Sign out of GitHub".
 */
export function addGitHubCommands(options: IGitHubCommandsOptions): void {
  const { app, tracker, cloudshare, trans } = options;
  const { commands } = app;
  const api = cloudshare.api;

  let features: IServerConfig['features'] | null = null;
  let auth: IGitHubAuth | null = null;
  const setAuth = (value: IGitHubAuth | null) => {
    auth = value;
    commands.notifyCommandChanged();
  };
  void cloudshare.config.then(
    config => {
      features = config.features;
      commands.notifyCommandChanged();
      if (config.features.github) {
        api.githubAuth().then(setAuth, () => undefined);
      }
    },
    () => undefined
  );
  const githubOn = () => features?.github === true;
  const gistOn = () => features?.gist === true;

  const notebookFor = (
    args: ReadonlyPartialJSONObject
  ): NotebookPanel | null => {
    const path = stringArg(args.notebookPath);
    if (path) {
      return tracker.find(panel => panel.context.path === path) ?? null;
    }
    return tracker.currentWidget;
  };

  /** Run with an "in progress" notification. */
  const withProgress = async <T>(
    message: string,
    work: () => Promise<T>
  ): Promise<T> => {
    const id = Notification.emit(message, 'in-progress', { autoClose: false });
    try {
      return await work();
    } finally {
      Notification.dismiss(id);
    }
  };

  /** The sign-in state; asks the user to sign in when needed. Null when they cancel. */
  const ensureSignedIn = async (force = false): Promise<IGitHubAuth | null> => {
    const current = await api.githubAuth();
    setAuth(current);
    if (current.signedIn && !force) {
      return current;
    }
    const signedIn = await signInToGitHub(api, current, trans);
    if (signedIn) {
      setAuth(signedIn);
      const missing = missingScopes(signedIn.scopes);
      Notification.success(
        trans.__('Signed in to GitHub as %1', signedIn.login ?? ''),
        {
          autoClose: 4000
        }
      );
      if (missing.length) {
        Notification.warning(
          trans.__(
            'This token lacks the scopes: %1. Some shares will fail.',
            missing.join(', ')
          ),
          { autoClose: 10000 }
        );
      }
    }
    return signedIn;
  };

  const copyLinkAction = (
    url: string,
    caption: string
  ): Notification.IAction => ({
    label: trans.__('Copy link'),
    caption,
    callback: event => {
      // Keep the notification: the user may open the link next.
      event.preventDefault();
      Clipboard.copyToSystem(url);
    }
  });

  /** "Open …" on GitHub and, when there is a Colab link, "Open in Colab". */
  const openActions = (
    label: string,
    result: IPushResult | IGistResult
  ): Notification.IAction[] => {
    const actions: Notification.IAction[] = [
      {
        label,
        caption: result.htmlUrl,
        displayType: 'accent',
        callback: () => openUrl(result.htmlUrl)
      }
    ];
    if (result.colabUrl) {
      const colabUrl = result.colabUrl;
      actions.push({
        label: trans.__('Open in Colab'),
        caption: colabUrl,
        callback: () => openUrl(colabUrl)
      });
    }
    return actions;
  };

  const notifyPushed = (result: IPushResult) => {
    const actions = openActions(trans.__('Open on GitHub'), result);
    actions.push(
      copyLinkAction(
        result.colabUrl ?? result.htmlUrl,
        result.colabUrl
          ? trans.__('Copy the Colab link')
          : trans.__('Copy the GitHub link')
      )
    );
    let message = result.newBranch
      ? trans.__(
          'Saved %1 in %2 on the new branch %3.',
          result.path,
          result.repo,
          result.branch
        )
      : trans.__(
          'Saved %1 in %2 (%3).',
          result.path,
          result.repo,
          result.branch
        );
    if (result.note) {
      message += ' ' + result.note;
    }
    Notification.success(message, { autoClose: 20000, actions });
  };

  /**
   * Handle a policy refusal or a sign-in request, which another dialog
   * resolves; the request to send next, or null when the user cancels.
   */
  const recoverShare = async <T extends IPushRequest | IGistRequest>(
    request: T,
    error: CloudShareError
  ): Promise<T | null> => {
    if (isPolicyError(error)) {
      const config = await cloudshare.config;
      return retryAfterPolicy(request, error, trans, {
        allowWithoutOutputs: config.allowShareWithoutOutputs
      });
    }
    return (await ensureSignedIn(true)) ? request : null;
  };

  /** {@link recoverShare}, and a push's conflict with a change on GitHub. */
  const recoverPush = async (
    request: IPushRequest,
    error: CloudShareError
  ): Promise<IPushRequest | null> => {
    if (error.code === 'remote_changed') {
      const decision = await resolveConflict(error, request.path, trans);
      return decision ? { ...request, ...decision } : null;
    }
    return recoverShare(request, error);
  };

  /**
   * Send a request, letting the user resolve each recoverable refusal on the
   * way (`pending`: one already met). Undefined when the user cancels or the
   * rounds run out; throws any other failure.
   */
  const sendWithRecovery = async <Request, Result>(
    request: Request,
    pending: CloudShareError | null,
    options: ISendOptions<Request, Result>
  ): Promise<Result | undefined> => {
    if (!pending && options.check) {
      pending = await options.check(request);
    }
    for (let round = 0; round < options.rounds; round++) {
      if (pending) {
        const next = await options.recover(request, pending);
        if (!next) {
          return;
        }
        request = next;
        pending = null;
      }
      try {
        return await withProgress(options.progress(request), () =>
          options.send(request)
        );
      } catch (error) {
        if (!isRecoverable(error)) {
          throw error;
        }
        pending = error;
      }
    }
    return;
  };

  /**
   * Mark an upload made to get a launch link ("Share to Colab"), so the
   * server applies the admin's policy for link-making as well.
   */
  const withPurpose = <T extends IPushRequest | IGistRequest>(
    request: T,
    args: ReadonlyPartialJSONObject
  ): T => (args.purpose === 'link' ? { ...request, purpose: 'link' } : request);

  /** Send a push, resolving conflicts, policy refusals and sign-in on the way. */
  const pushWithRecovery = async (
    request: IPushRequest,
    pending: CloudShareError | null
  ): Promise<IPushResult | undefined> => {
    const result = await sendWithRecovery(request, pending, {
      // A few rounds cover conflict + policy + sign-in.
      rounds: 5,
      recover: recoverPush,
      send: next => api.push(next),
      check: next => api.policyCheck('github/push', next),
      progress: next =>
        trans.__('Saving %1 in %2…', PathExt.basename(next.path), next.repo)
    });
    if (result) {
      notifyPushed(result);
    }
    return result;
  };

  const pushToGitHub = async (
    args: ReadonlyPartialJSONObject
  ): Promise<IPushResult | undefined> => {
    const panel = notebookFor(args);
    if (!panel) {
      return;
    }
    try {
      if (!(await cloudshare.config).features.github) {
        return;
      }
      const signedIn = await ensureSignedIn();
      if (!signedIn) {
        return;
      }
      await saveIfDirty(panel);
      const path = panel.context.path;
      let last: IPushRecord | null = null;
      try {
        last = (await api.lastShare(path)).push;
      } catch {
        // No record (or not readable): the form starts empty.
      }
      const state = defaultPushState(path, last, {
        repo: stringArg(args.repo),
        branch: stringArg(args.branch),
        path: stringArg(args.path),
        noOutputs:
          typeof args.noOutputs === 'boolean' ? args.noOutputs : undefined
      });

      if (args.quick === true && state.repo) {
        // "Push again": straight to the last place (or the one given), no dialog.
        return await pushWithRecovery(
          withPurpose(buildPushRequest(path, state, trans), args),
          null
        );
      }

      const attempt = await BusyDialog.run<
        IPushRequest,
        IAttempt<IPushRequest, IPushResult>
      >({
        title: trans.__('Save a Copy in GitHub'),
        body: new PushForm({
          api,
          trans,
          notebookPath: path,
          state,
          auth: signedIn
        }),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Save') })
        ],
        focusNodeSelector: state.repo ? '' : 'input[role="combobox"]',
        busyLabel: trans.__('Saving…'),
        submit: form =>
          firstAttempt(
            withPurpose(form, args),
            request => api.push(request),
            request => api.policyCheck('github/push', request)
          )
      });
      if (!attempt) {
        return;
      }
      if (attempt.result) {
        notifyPushed(attempt.result);
        return attempt.result;
      }
      return await pushWithRecovery(attempt.request, attempt.error ?? null);
    } catch (error) {
      Notification.error(
        trans.__('Save a Copy in GitHub failed: %1', errorMessage(error)),
        {
          autoClose: 10000
        }
      );
      return;
    }
  };

  const notifyGist = (result: IGistResult) => {
    const actions = openActions(trans.__('Open gist'), result);
    actions.push(
      copyLinkAction(result.htmlUrl, trans.__('Copy the gist link'))
    );
    Notification.success(
      result.created
        ? trans.__('Saved a new gist.')
        : trans.__('Updated the gist.'),
      { autoClose: 20000, actions }
    );
  };

  /** Remember the gist in the notebook's metadata (saved with the notebook). */
  const rememberGist = (panel: NotebookPanel, result: IGistResult) => {
    const model = panel.model;
    if (!model || panel.isDisposed) {
      return;
    }
    const existing = model.getMetadata('cloudshare');
    const base =
      existing && typeof existing === 'object' && !Array.isArray(existing)
        ? existing
        : {};
    model.setMetadata('cloudshare', {
      ...base,
      gist: { id: result.gistId, url: result.htmlUrl }
    });
  };

  const saveGist = async (
    args: ReadonlyPartialJSONObject
  ): Promise<IGistResult | undefined> => {
    const panel = notebookFor(args);
    if (!panel) {
      return;
    }
    try {
      if (!(await cloudshare.config).features.gist) {
        return;
      }
      if (!(await ensureSignedIn())) {
        return;
      }
      await saveIfDirty(panel);
      const path = panel.context.path;
      const attempt = await BusyDialog.run<
        GistChoices,
        IAttempt<IGistRequest, IGistResult>
      >({
        title: trans.__('Save a Copy as a GitHub Gist'),
        body: new GistForm({
          trans,
          public: args.public === true,
          noOutputs: args.noOutputs === true
        }),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Save Gist') })
        ],
        busyLabel: trans.__('Saving the gist…'),
        submit: choices =>
          firstAttempt<IGistRequest, IGistResult>(
            withPurpose({ path, ...choices }, args),
            request => api.gist(request),
            request => api.policyCheck('github/gist', request)
          )
      });
      if (!attempt) {
        return;
      }
      const result =
        attempt.result ??
        (attempt.error
          ? await sendWithRecovery(attempt.request, attempt.error, {
              rounds: 4,
              recover: recoverShare,
              send: request => api.gist(request),
              progress: () => trans.__('Saving the gist…')
            })
          : undefined);
      if (!result) {
        return;
      }
      rememberGist(panel, result);
      notifyGist(result);
      return result;
    } catch (error) {
      Notification.error(
        trans.__('Saving the gist failed: %1', errorMessage(error)),
        {
          autoClose: 10000
        }
      );
      return;
    }
  };

  /** Arguments the push and gist commands share (for ``describedBy``). */
  const notebookPathArg = {
    type: 'string',
    description: trans.__('The notebook (default: the current one)')
  };
  const noOutputsArg = {
    type: 'boolean',
    description: trans.__('Share without outputs')
  };

  commands.addCommand(CommandIDs.pushToGitHub, {
    label: args =>
      args.toolbar
        ? trans.__('Save to GitHub')
        : trans.__('Save a Copy in GitHub…'),
    caption: trans.__(
      'Save a Copy in GitHub: this notebook, in a repository of yours'
    ),
    icon: args => (args.toolbar ? githubIcon : undefined),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          notebookPath: notebookPathArg,
          repo: {
            type: 'string',
            description: trans.__(
              'Repository as owner/name (prefills the form)'
            )
          },
          branch: { type: 'string', description: trans.__('Branch') },
          path: {
            type: 'string',
            description: trans.__('Path of the copy in the repository')
          },
          noOutputs: noOutputsArg,
          purpose: {
            type: 'string',
            enum: ['link'],
            description: trans.__(
              'link: the copy is made for a launch link (the policy of links applies)'
            )
          },
          quick: {
            type: 'boolean',
            description: trans.__(
              'Push straight to the given or last place, without the form'
            )
          },
          toolbar: { type: 'boolean' }
        }
      }
    },
    isEnabled: () => githubOn() && tracker.currentWidget !== null,
    isVisible: githubOn,
    execute: args => pushToGitHub(args)
  });

  commands.addCommand(CommandIDs.saveGist, {
    label: trans.__('Save a Copy as a GitHub Gist…'),
    caption: trans.__('Save a copy of this notebook as a GitHub Gist'),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          notebookPath: notebookPathArg,
          public: {
            type: 'boolean',
            description: trans.__('Make the gist public (default: secret)')
          },
          noOutputs: noOutputsArg
        }
      }
    },
    isEnabled: () => gistOn() && tracker.currentWidget !== null,
    isVisible: gistOn,
    execute: args => saveGist(args)
  });

  commands.addCommand(CommandIDs.signIn, {
    label: trans.__('Sign in to GitHub…'),
    caption: trans.__(
      'Give Cloud Share a GitHub token to push notebooks and save gists'
    ),
    isEnabled: () => githubOn() || gistOn(),
    isVisible: () => (githubOn() || gistOn()) && !auth?.signedIn,
    execute: async () => {
      try {
        return (await ensureSignedIn(true)) ?? undefined;
      } catch (error) {
        Notification.error(
          trans.__('Sign-in failed: %1', errorMessage(error)),
          {
            autoClose: 8000
          }
        );
        return;
      }
    }
  });

  commands.addCommand(CommandIDs.signOut, {
    // A token from the environment or the hub cannot be signed out of here:
    // the entry then says where the token comes from, and does nothing.
    label: () =>
      auth?.source === 'env'
        ? trans.__('GitHub Token from the Environment (GITHUB_TOKEN)')
        : auth?.source === 'hub'
          ? trans.__('GitHub Sign-in from JupyterHub')
          : trans.__('Sign out of GitHub'),
    caption: () =>
      auth?.source === 'env'
        ? trans.__(
            'Signed in with GITHUB_TOKEN or GH_TOKEN; remove it from the environment to sign out.'
          )
        : auth?.source === 'hub'
          ? trans.__(
              'Signed in through JupyterHub; log out of the hub to sign out.'
            )
          : trans.__('Forget the GitHub token Cloud Share keeps for you'),
    isEnabled: () =>
      (githubOn() || gistOn()) && (auth?.source ?? 'stored') === 'stored',
    isVisible: () => (githubOn() || gistOn()) && auth?.signedIn === true,
    execute: async () => {
      try {
        const current = await api.githubAuth();
        setAuth(current);
        if (!current.signedIn) {
          Notification.info(trans.__('You are not signed in to GitHub.'), {
            autoClose: 4000
          });
          return current;
        }
        if (current.source !== 'stored') {
          Notification.info(
            current.source === 'hub'
              ? trans.__(
                  'Your GitHub sign-in comes from JupyterHub; sign out there (log out of the hub).'
                )
              : trans.__(
                  'Your GitHub token comes from the environment (GITHUB_TOKEN or GH_TOKEN); remove it there to sign out.'
                ),
            { autoClose: 10000 }
          );
          return current;
        }
        const after = await api.githubSignOut();
        setAuth(after);
        Notification.success(trans.__('Signed out of GitHub.'), {
          autoClose: 4000
        });
        return after;
      } catch (error) {
        Notification.error(
          trans.__('Sign-out failed: %1', errorMessage(error)),
          {
            autoClose: 8000
          }
        );
        return;
      }
    }
  });
}

/**
 * "Save a copy in GitHub", "Save as Gist" and GitHub sign-in: commands,
 * a notebook toolbar button and File menu entries (in schema/github.json).
 */
export const githubPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-cloudshare:github',
  description:
    'Save notebooks in GitHub repositories and as Gists; GitHub sign-in.',
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
    addGitHubCommands({ app, tracker, cloudshare, trans });
    const update = () =>
      app.commands.notifyCommandChanged(CommandIDs.pushToGitHub);
    tracker.currentChanged.connect(update);
    if (palette) {
      const category = trans.__('Cloud Share');
      for (const command of [
        CommandIDs.pushToGitHub,
        CommandIDs.saveGist,
        CommandIDs.signIn,
        CommandIDs.signOut
      ]) {
        palette.addItem({ command, category });
      }
    }
  }
};
