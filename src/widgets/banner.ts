import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IFinding, IScanResult } from '../tokens';
import { findingLocation, findingTypeLabel, summaryText } from './policyDialog';

/** What the banner's buttons do; the banner itself only renders and cycles. */
export interface ISensitiveDataBannerOptions {
  trans: TranslationBundle;
  /**
   * "Show": select, scroll to and highlight a cell's findings. `finding` is
   * the cell's first, `index` the step (one per cell), `cellFindings` all of
   * the cell's findings in reading order.
   */
  onShow?: (
    finding: IFinding,
    index: number,
    cellFindings: readonly IFinding[]
  ) => void;
  /** "Share without outputs"; the button is disabled when this is missing or not enabled. */
  shareWithoutOutputs?: { isEnabled: () => boolean; execute: () => void };
  /** "Clear outputs" (the caller asks for consent); the button is hidden when missing. */
  onClearOutputs?: () => void;
  /** "Dismiss": the banner hides itself, then calls this. */
  onDismiss?: () => void;
}

/** Matches http(s) URLs in the admin's plain-text caution. */
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;

/**
 * Append a plain text to a node, turning http(s) URLs into links. Only text
 * nodes and anchors built here are created: server text never becomes HTML.
 */
export function appendLinkifiedText(node: HTMLElement, text: string): void {
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0];
    // A sentence's final punctuation is not part of the URL.
    const trailing = /[.,;:!?)\]]+$/.exec(url);
    if (trailing) {
      url = url.slice(0, -trailing[0].length);
    }
    const start = match.index ?? 0;
    if (start > last) {
      node.appendChild(document.createTextNode(text.slice(last, start)));
    }
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.textContent = url;
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    node.appendChild(anchor);
    last = start + url.length;
  }
  if (last < text.length) {
    node.appendChild(document.createTextNode(text.slice(last)));
  }
}

/** Findings in reading order: by cell, source before output, then by offset. */
function readingOrder(findings: IFinding[]): IFinding[] {
  return [...findings].sort(
    (a, b) =>
      a.cell - b.cell ||
      Number(a.in_output) - Number(b.in_output) ||
      a.path.localeCompare(b.path) ||
      a.start - b.start
  );
}

/** `/cells/N/outputs/M` and the rest of an output finding's path, else null. */
function outputPart(
  finding: IFinding
): { output: string; representation: string } | null {
  const match = /^(\/cells\/\d+\/outputs\/\d+)(\/.*)?$/.exec(finding.path);
  return finding.in_output && match
    ? { output: match[1], representation: match[2] ?? '' }
    : null;
}

/**
 * The findings as the user sees them. An output shows one of its
 * representations (the text/plain and the text/html of one table), so per
 * output and type only the representation with the most findings counts;
 * sources and other outputs count as they are. In reading order.
 */
export function visibleFindings(findings: readonly IFinding[]): IFinding[] {
  const kept: IFinding[] = [];
  const outputs = new Map<string, Map<string, IFinding[]>>();
  for (const finding of findings) {
    const part = outputPart(finding);
    if (!part) {
      kept.push(finding);
      continue;
    }
    const key = `${part.output}\u0000${finding.type}`;
    const byRepresentation = outputs.get(key) ?? new Map<string, IFinding[]>();
    outputs.set(key, byRepresentation);
    const list = byRepresentation.get(part.representation) ?? [];
    list.push(finding);
    byRepresentation.set(part.representation, list);
  }
  for (const byRepresentation of outputs.values()) {
    let most: IFinding[] = [];
    for (const list of byRepresentation.values()) {
      if (list.length > most.length) {
        most = list;
      }
    }
    kept.push(...most);
  }
  return readingOrder(kept);
}

/** Finding counts per type. */
function countByType(findings: readonly IFinding[]): {
  [type: string]: number;
} {
  const counts: { [type: string]: number } = {};
  for (const finding of findings) {
    counts[finding.type] = (counts[finding.type] ?? 0) + 1;
  }
  return counts;
}

/** The findings grouped by cell, in reading order: one "Show" step each. */
function cellSteps(findings: readonly IFinding[]): IFinding[][] {
  const steps: IFinding[][] = [];
  for (const finding of findings) {
    const last = steps[steps.length - 1];
    if (last && last[0].cell === finding.cell) {
      last.push(finding);
    } else {
      steps.push([finding]);
    }
  }
  return steps;
}

/**
 * The sensitive-data banner shown in a notebook's content header: the kinds
 * and counts found, the admin's caution, and Show / Share without outputs /
 * Clear outputs / Dismiss.
 */
export class SensitiveDataBanner extends Widget {
  constructor(options: ISensitiveDataBannerOptions) {
    super();
    this._options = options;
    const trans = options.trans;
    this.addClass('jp-cloudshare-Banner');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('Sensitive data warning'));

    const text = document.createElement('div');
    text.className = 'jp-cloudshare-Banner-text';
    // A polite live region: announced when it appears or changes, not on every keystroke.
    this._live = document.createElement('div');
    this._live.className = 'jp-cloudshare-Banner-live';
    this._live.setAttribute('role', 'status');
    this._live.setAttribute('aria-live', 'polite');
    this._message = document.createElement('p');
    this._message.className = 'jp-cloudshare-Banner-message';
    this._position = document.createElement('p');
    this._position.className = 'jp-cloudshare-Banner-position';
    this._note = document.createElement('p');
    this._note.className = 'jp-cloudshare-Banner-note';
    this._live.append(this._message, this._position, this._note);
    this._caution = document.createElement('p');
    this._caution.className = 'jp-cloudshare-Banner-caution';
    text.append(this._live, this._caution);

    const actions = document.createElement('div');
    actions.className = 'jp-cloudshare-Banner-actions';
    this._showButton = this._button(
      trans.__('Show'),
      trans.__('Select the cell of the next finding'),
      () => this.showNext(),
      'jp-mod-accept'
    );
    this._shareButton = this._button(
      trans.__('Share without outputs'),
      trans.__('Save a Copy in GitHub with every cell output removed'),
      () => {
        const share = this._options.shareWithoutOutputs;
        if (share && share.isEnabled()) {
          share.execute();
        }
      }
    );
    this._clearButton = this._button(
      trans.__('Clear outputs'),
      trans.__('Clear every cell output of this notebook (asks first)'),
      () => this._options.onClearOutputs?.()
    );
    this._dismissButton = this._button(
      trans.__('Dismiss'),
      trans.__('Hide this warning for this notebook until the next session'),
      () => this.dismiss()
    );
    actions.append(this._showButton, this._shareButton);
    if (options.onClearOutputs) {
      actions.append(this._clearButton);
    }
    actions.append(this._dismissButton);
    // The content header is a BoxPanel, which sizes its children from their CSS
    // min-height: the body has its natural height and the node follows it.
    this._body = document.createElement('div');
    this._body.className = 'jp-cloudshare-Banner-body';
    this._body.append(text, actions);
    this.node.append(this._body);
    if (typeof ResizeObserver !== 'undefined') {
      this._resizeObserver = new ResizeObserver(() => this._fitHeight());
      this._resizeObserver.observe(this._body);
    }
    this.setResult(null);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._resizeObserver?.disconnect();
    super.dispose();
  }

  /** The scan shown, or null. */
  get result(): IScanResult | null {
    return this._result;
  }

  /** The findings as the user sees them, in the order "Show" visits them. */
  get findings(): readonly IFinding[] {
    return this._findings;
  }

  /** The findings of each cell, one "Show" step per cell. */
  get steps(): readonly (readonly IFinding[])[] {
    return this._steps;
  }

  /** The index of the step "Show" last visited, or -1. */
  get position(): number {
    return this._index;
  }

  /** Whether the user dismissed this banner. */
  get dismissed(): boolean {
    return this._dismissed;
  }

  /**
   * Show a scan's result. The banner is visible when there are findings and
   * the user has not dismissed it (`force` undoes a dismissal).
   */
  setResult(result: IScanResult | null, force = false): void {
    const trans = this._options.trans;
    if (force) {
      this._dismissed = false;
    }
    this._result = result;
    this._findings = result ? visibleFindings(result.findings) : [];
    this._steps = cellSteps(this._findings);
    this._index = -1;
    this._position.textContent = '';
    this._note.textContent = '';

    // The server may list fewer findings than it counted: those still count.
    const unlisted = result
      ? Math.max(0, result.count - result.findings.length)
      : 0;
    const count = this._findings.length + unlisted;
    if (result && count > 0) {
      const summary = summaryText(
        unlisted || !result.findings.length
          ? result.summary
          : countByType(this._findings),
        trans
      );
      this._message.textContent = summary
        ? trans.__(
            'This notebook may hold protected health information or secrets: %1',
            summary
          )
        : trans.__(
            'This notebook may hold protected health information or secrets.'
          );
    } else {
      this._message.textContent = '';
    }
    this._caution.replaceChildren();
    const caution = result?.bannerMessage?.trim() ?? '';
    if (caution) {
      appendLinkifiedText(this._caution, caution);
    }
    this._caution.hidden = !caution;
    this._showButton.disabled = this._findings.length === 0;
    this.refreshActions();
    this.setHidden(!(result && count > 0) || this._dismissed);
    this._fitHeight();
  }

  /** Re-read whether "Share without outputs" is available (e.g. a command appeared). */
  refreshActions(): void {
    const share = this._options.shareWithoutOutputs;
    const enabled = !!share && share.isEnabled();
    this._shareButton.disabled = !enabled;
    this._shareButton.title = enabled
      ? this._options.trans.__(
          'Save a Copy in GitHub with every cell output removed'
        )
      : this._options.trans.__('Saving to GitHub is not available here');
  }

  /** A short note under the message (e.g. after clearing the outputs). */
  setNote(text: string): void {
    this._note.textContent = text;
    this._fitHeight();
  }

  /** Visit the next cell with findings (wrapping around) and say what is there. */
  showNext(): void {
    const n = this._steps.length;
    if (!n) {
      return;
    }
    this._index = (this._index + 1) % n;
    const step = this._steps[this._index];
    const finding = step[0];
    const trans = this._options.trans;
    const counts = countByType(step);
    const what =
      step.length === 1
        ? findingTypeLabel(finding.type, trans)
        : summaryText(counts, trans);
    const inOutput = step.some(f => f.in_output);
    const inSource = step.some(f => !f.in_output);
    const where =
      inOutput && inSource
        ? trans.__('the source and output of cell %1', finding.cell + 1)
        : findingLocation(finding, trans);
    this._position.textContent = trans.__(
      '%1 of %2: %3 in %4',
      this._index + 1,
      n,
      what,
      where
    );
    this._options.onShow?.(finding, this._index, step);
  }

  /** Hide the banner for the rest of the session. */
  dismiss(): void {
    this._dismissed = true;
    this.hide();
    this._options.onDismiss?.();
  }

  /** Make the node as tall as its content and ask the parent layout to refit. */
  private _fitHeight(): void {
    if (this.isDisposed || this.isHidden) {
      return;
    }
    const height = `${this._body.offsetHeight}px`;
    if (this.node.style.minHeight !== height) {
      this.node.style.minHeight = height;
      this.parent?.fit();
    }
  }

  private _button(
    label: string,
    caption: string,
    onClick: () => void,
    kind = 'jp-mod-reject'
  ): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `jp-Button jp-mod-styled ${kind} jp-cloudshare-Banner-button`;
    button.textContent = label;
    button.title = caption;
    button.addEventListener('click', onClick);
    return button;
  }

  private _options: ISensitiveDataBannerOptions;
  private _result: IScanResult | null = null;
  private _findings: IFinding[] = [];
  private _steps: IFinding[][] = [];
  private _index = -1;
  private _dismissed = false;
  private _body: HTMLElement;
  private _resizeObserver: ResizeObserver | null = null;
  private _live: HTMLElement;
  private _message: HTMLElement;
  private _position: HTMLElement;
  private _note: HTMLElement;
  private _caution: HTMLElement;
  private _showButton: HTMLButtonElement;
  private _shareButton: HTMLButtonElement;
  private _clearButton: HTMLButtonElement;
  private _dismissButton: HTMLButtonElement;
}
