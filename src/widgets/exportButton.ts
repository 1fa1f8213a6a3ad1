import { CommandToolbarButton } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { caretDownIcon, ToolbarButton } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';
import { Menu, Panel } from '@lumino/widgets';
import { CommandIDs } from '../tokens';

/**
 * The notebook toolbar's "Export .py" item: a button that downloads the
 * default flavour, and a caret that lets the user choose another one.
 */
export class ExportToolbarItem extends Panel {
  constructor(commands: CommandRegistry, trans: TranslationBundle) {
    super();
    this.addClass('jp-cloudshare-ExportToolbarItem');
    this._menu = new Menu({ commands });
    this._menu.addClass('jp-cloudshare-ExportMenu');
    this._menu.title.label = trans.__('Export .py');
    for (const command of [
      CommandIDs.exportPyColab,
      CommandIDs.exportPyPercent,
      CommandIDs.exportPyScript
    ]) {
      this._menu.addItem({ command });
    }
    this._menu.addItem({ type: 'separator' });
    this._menu.addItem({ command: CommandIDs.saveBeside });
    // The menu had the focus; once it closes (after a choice) give it back to
    // the notebook rather than leave it on the page's body.
    this._menu.aboutToClose.connect(() => {
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (active && active !== document.body) {
          return;
        }
        const notebook = this.node
          .closest('.jp-NotebookPanel')
          ?.querySelector<HTMLElement>('.jp-Notebook');
        notebook?.focus();
      });
    }, this);

    const main = new CommandToolbarButton({
      commands,
      id: CommandIDs.exportPy,
      args: { toolbar: true },
      label: trans.__('Export .py')
    });
    main.addClass('jp-cloudshare-ExportButton');
    const caret = new ToolbarButton({
      icon: caretDownIcon,
      tooltip: trans.__('Choose the script flavour'),
      className: 'jp-cloudshare-ExportChooser',
      onClick: () => {
        const rect = caret.node.getBoundingClientRect();
        this._menu.open(rect.left, rect.bottom);
      }
    });
    this.addWidget(main);
    this.addWidget(caret);

    // The whole item follows the command: hidden when export is turned off.
    const sync = () =>
      this.setHidden(
        !commands.isVisible(CommandIDs.exportPy, { toolbar: true })
      );
    commands.commandChanged.connect(sync, this);
    sync();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._menu.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  private _menu: Menu;
}
