import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CloudShareAPI } from './api';
import { drivePlugin } from './commands/drive';
import { addExportCommands } from './commands/export';
import { githubPlugin } from './commands/github';
import { guardPlugin } from './commands/guard';
import { sharePlugin } from './commands/share';
import { syncPlugin } from './commands/sync';
import {
  CommandIDs,
  ExportFormat,
  EXPORT_FORMATS,
  ICloudShare,
  TRANSLATION_DOMAIN
} from './tokens';
import { ExportToolbarItem } from './widgets/exportButton';

const PLUGIN_ID = 'jupyterlab-cloudshare:plugin';

/**
 * The core plugin: the API client, the server settings and "Export .py".
 */
const plugin: JupyterFrontEndPlugin<ICloudShare> = {
  id: PLUGIN_ID,
  description: 'Export notebooks to Python scripts; the cloudshare API client.',
  autoStart: true,
  provides: ICloudShare,
  requires: [INotebookTracker],
  optional: [
    ITranslator,
    ISettingRegistry,
    IToolbarWidgetRegistry,
    ICommandPalette
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    palette: ICommandPalette | null
  ): ICloudShare => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const api = new CloudShareAPI();
    const config = api.getConfig();
    config.catch(reason =>
      console.error('cloudshare: cannot read the server settings', reason)
    );
    const cloudshare: ICloudShare = { api, config };

    let userDefaultFormat: ExportFormat | null = null;
    if (settingRegistry) {
      void settingRegistry.load(PLUGIN_ID).then(settings => {
        const read = () => {
          const value = settings.get('defaultFormat').composite as string;
          userDefaultFormat = (EXPORT_FORMATS as string[]).includes(value)
            ? (value as ExportFormat)
            : null;
        };
        read();
        settings.changed.connect(read);
      });
    }

    addExportCommands({
      app,
      tracker,
      cloudshare,
      trans,
      userDefaultFormat: () => userDefaultFormat
    });

    if (toolbarRegistry) {
      toolbarRegistry.addFactory('Notebook', 'cloudshare-export', () => {
        return new ExportToolbarItem(app.commands, trans);
      });
    }
    if (palette) {
      const category = trans.__('Cloud Share');
      for (const command of [
        CommandIDs.exportPy,
        CommandIDs.exportPyColab,
        CommandIDs.exportPyPercent,
        CommandIDs.exportPyScript,
        CommandIDs.saveBeside
      ]) {
        palette.addItem({ command, category });
      }
    }
    return cloudshare;
  }
};

export default [
  plugin,
  guardPlugin,
  sharePlugin,
  githubPlugin,
  syncPlugin,
  drivePlugin
];
