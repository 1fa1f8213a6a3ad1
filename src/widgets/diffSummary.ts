import { Widget } from '@lumino/widgets';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDiffSummary } from '../tokens';

/**
 * A compact notebook diff for a dialog: counts, then one line per cell.
 */
export function diffSummaryWidget(
  diff: IDiffSummary,
  trans: TranslationBundle
): Widget {
  return new Widget({ node: diffSummaryNode(diff, trans) });
}

/**
 * The DOM of {@link diffSummaryWidget}, to place inside another dialog body.
 * Each cell's line says its change in text (+, −, ~ and a word) as well as
 * in colour.
 */
export function diffSummaryNode(
  diff: IDiffSummary,
  trans: TranslationBundle
): HTMLElement {
  const node = document.createElement('div');
  node.className = 'jp-cloudshare-diff';
  const head = document.createElement('p');
  head.textContent = trans.__(
    '%1 cells added, %2 removed, %3 changed',
    diff.cellsAdded,
    diff.cellsRemoved,
    diff.cellsChanged
  );
  node.appendChild(head);
  const list = document.createElement('ul');
  const marks = { added: '+', removed: '−', changed: '~' };
  for (const cell of diff.cells) {
    const item = document.createElement('li');
    item.className = `jp-cloudshare-diff-${cell.change}`;
    const parts = cell.parts?.length ? ` (${cell.parts.join(', ')})` : '';
    item.textContent = `${marks[cell.change]} [${cell.index + 1}] ${cell.source}${parts}`;
    list.appendChild(item);
  }
  node.appendChild(list);
  if (diff.truncated) {
    const more = document.createElement('p');
    more.textContent = trans.__('…and more cells.');
    node.appendChild(more);
  }
  return node;
}
