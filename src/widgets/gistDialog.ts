import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IGistRequest } from '../tokens';
import { createCheckbox } from './form';

/** The gist form's choices (the request without the notebook path). */
export type GistChoices = Omit<IGistRequest, 'path' | 'acknowledge'>;

/**
 * The "Save a copy as a GitHub Gist" form: secret (the default) or public,
 * an optional description, "Also save the .py" and "Without outputs".
 */
export class GistForm extends Widget {
  constructor(options: GistForm.IOptions) {
    super();
    const { trans } = options;
    this.addClass('jp-cloudshare-GistForm');
    this._group = `jp-cloudshare-gist-visibility-${++GistForm._count}`;
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'jp-cloudshare-Form';
    this.node.appendChild(fieldset);

    const visibility = document.createElement('div');
    visibility.className = 'jp-cloudshare-Form-radios';
    visibility.setAttribute('role', 'radiogroup');
    visibility.setAttribute('aria-label', trans.__('Visibility'));
    this._radio(
      visibility,
      trans.__('Secret'),
      trans.__(
        'Anyone with the link can see it; it is not listed or searchable.'
      ),
      !options.public
    );
    this._public = this._radio(
      visibility,
      trans.__('Public'),
      trans.__('Listed on your profile and searchable.'),
      !!options.public
    );
    fieldset.appendChild(visibility);

    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-label';
    label.textContent = trans.__('Description (optional)');
    this._description = document.createElement('input');
    this._description.type = 'text';
    this._description.name = 'description';
    this._description.className = 'jp-mod-styled';
    this._description.value = options.description ?? '';
    label.appendChild(this._description);
    fieldset.appendChild(label);

    this._withPy = createCheckbox(
      fieldset,
      'withPy',
      trans.__('Also save the .py'),
      false
    );
    this._noOutputs = createCheckbox(
      fieldset,
      'noOutputs',
      trans.__('Without outputs'),
      !!options.noOutputs
    );
  }

  /** The choices made. */
  getValue(): GistChoices {
    const choices: GistChoices = {
      public: this._public.checked,
      withPy: this._withPy.checked,
      noOutputs: this._noOutputs.checked
    };
    const description = this._description.value.trim();
    if (description) {
      choices.description = description;
    }
    return choices;
  }

  private _radio(
    parent: HTMLElement,
    text: string,
    help: string,
    checked: boolean
  ): HTMLInputElement {
    const label = document.createElement('label');
    label.className = 'jp-cloudshare-Form-check';
    label.title = help;
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = this._group;
    input.checked = checked;
    const small = document.createElement('span');
    small.className = 'jp-cloudshare-Hint';
    small.textContent = help;
    label.append(input, document.createTextNode(' ' + text + ' '), small);
    parent.appendChild(label);
    return input;
  }

  private static _count = 0;
  private _group: string;
  private _public: HTMLInputElement;
  private _description: HTMLInputElement;
  private _withPy: HTMLInputElement;
  private _noOutputs: HTMLInputElement;
}

/** The GistForm's types. */
export namespace GistForm {
  /** The form's first choices. */
  export interface IOptions {
    trans: TranslationBundle;
    public?: boolean;
    noOutputs?: boolean;
    description?: string;
  }
}
