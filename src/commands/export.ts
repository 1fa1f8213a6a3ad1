import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { downloadIcon } from '@jupyterlab/ui-components';
import { CloudShareError } from '../api';
import {
  CommandIDs,
  EXPORT_FORMATS,
  ExportFormat,
  ICloudShare
} from '../tokens';

/** Options of the export commands. */
export interface IExportCommandsOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  cloudshare: ICloudShare;
  trans: TranslationBundle;
  /** The user's chosen default flavour, or null for the admin's default. */
  userDefaultFormat: () => ExportFormat | null;
}

/** The label of each flavour, for menus and notifications. */
export function formatLabel(
  format: ExportFormat,
  trans: TranslationBundle
): string {
  switch (format) {
    case 'colab':
      return trans.__('Colab layout (.py)');
    case 'percent':
      return trans.__('Percent cells (%1)', '# %%');
    case 'script':
      return trans.__('IPython script');
  }
}

/**
 * Save the notebook when it has unsaved edits, as JupyterLab's own
 * "Export Notebook As" does, so the script matches what the user sees.
 */
export async function saveIfDirty(panel: NotebookPanel): Promise<void> {
  const context = panel.context;
  if (context.model.dirty && !context.model.readOnly) {
    await context.save();
  }
}

/** Hand a text to the browser as a file download. */
export function downloadText(
  filename: string,
  content: string,
  mimeType: string
): void {
  const blob = new Blob([content], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers read the blob after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A user-facing sentence for any failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof CloudShareError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Register "Export .py" (download, per flavour) and "Save .py beside the notebook".
 */
export function addExportCommands(options: IExportCommandsOptions): void {
  const { app, tracker, cloudshare, trans } = options;
  const { commands } = app;

  // Hidden when the administrator turned export off (the endpoint answers 403 then).
  let exportOn = true;
  void cloudshare.config.then(
    config => {
      exportOn = config.features.export;
      commands.notifyCommandChanged();
    },
    () => undefined
  );
  const isVisible = () => exportOn;
  const isEnabled = () => exportOn && tracker.currentWidget !== null;
  const resolveFormat = async (requested?: unknown): Promise<ExportFormat> => {
    if (
      typeof requested === 'string' &&
      (EXPORT_FORMATS as string[]).includes(requested)
    ) {
      return requested as ExportFormat;
    }
    return (
      options.userDefaultFormat() ??
      (await cloudshare.config).exportDefaultFormat
    );
  };

  const exportFailed = (error: unknown) => {
    Notification.error(trans.__('Export failed: %1', errorMessage(error)), {
      autoClose: 8000
    });
  };

  const exportDownload = async (
    format?: unknown
  ): Promise<string | undefined> => {
    const panel = tracker.currentWidget;
    if (!panel) {
      return;
    }
    try {
      await saveIfDirty(panel);
      const fmt = await resolveFormat(format);
      const script = await cloudshare.api.exportScript(panel.context.path, fmt);
      downloadText(script.filename, script.content, script.mimeType);
      Notification.success(trans.__('Exported %1', script.filename), {
        autoClose: 3000
      });
      return script.filename;
    } catch (error) {
      exportFailed(error);
      return;
    }
  };

  /** The ``format`` argument both export commands take (for ``describedBy``). */
  const formatArg = {
    type: 'string',
    enum: [...EXPORT_FORMATS],
    description: trans.__(
      'Script flavour (colab, percent or script); the default flavour when absent'
    )
  };

  commands.addCommand(CommandIDs.exportPy, {
    label: args =>
      args.format
        ? trans.__(
            'Export .py: %1',
            formatLabel(args.format as ExportFormat, trans)
          )
        : trans.__('Export .py'),
    caption: trans.__('Export .py: download this notebook as a Python script'),
    icon: args => (args.toolbar ? downloadIcon : undefined),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          format: formatArg,
          toolbar: { type: 'boolean' }
        }
      }
    },
    isEnabled,
    isVisible,
    execute: args => exportDownload(args.format)
  });

  const perFormat: [string, ExportFormat][] = [
    [CommandIDs.exportPyColab, 'colab'],
    [CommandIDs.exportPyPercent, 'percent'],
    [CommandIDs.exportPyScript, 'script']
  ];
  for (const [id, format] of perFormat) {
    commands.addCommand(id, {
      label: formatLabel(format, trans),
      caption: trans.__(
        'Download this notebook as a script (%1)',
        formatLabel(format, trans)
      ),
      isEnabled,
      isVisible,
      execute: () => exportDownload(format)
    });
  }

  commands.addCommand(CommandIDs.saveBeside, {
    label: trans.__('Save .py Beside the Notebook'),
    caption: trans.__('Write the script next to the notebook on the server'),
    describedBy: {
      args: {
        type: 'object',
        properties: { format: formatArg }
      }
    },
    isEnabled,
    isVisible,
    execute: async args => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      try {
        await saveIfDirty(panel);
        const fmt = await resolveFormat(args.format);
        let saved;
        try {
          saved = await cloudshare.api.exportBeside(
            panel.context.path,
            fmt,
            false
          );
        } catch (error) {
          if (!(error instanceof CloudShareError) || error.status !== 409) {
            throw error;
          }
          const { showDialog, Dialog } = await import('@jupyterlab/apputils');
          const answer = await showDialog({
            title: trans.__('Replace the existing script?'),
            body: trans.__(
              '%1 already exists. Replace it?',
              String(error.details.path ?? '')
            ),
            buttons: [
              Dialog.cancelButton({ label: trans.__('Cancel') }),
              Dialog.warnButton({ label: trans.__('Replace') })
            ]
          });
          if (!answer.button.accept) {
            return;
          }
          saved = await cloudshare.api.exportBeside(
            panel.context.path,
            fmt,
            true
          );
        }
        Notification.success(trans.__('Saved %1', saved.path), {
          autoClose: 4000
        });
        return saved.path;
      } catch (error) {
        exportFailed(error);
      }
    }
  });
}
