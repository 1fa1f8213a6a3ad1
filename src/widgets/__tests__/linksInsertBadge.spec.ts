/**
 * "Insert badge cell" on a real notebook model: first cell, and a second
 * insert replaces the badges instead of duplicating them.
 */
import { NotebookModel } from '@jupyterlab/notebook';
import { insertBadgeCell } from '../../commands/share';

function badgeCell(source: string) {
  return {
    cell_type: 'markdown',
    id: `badge-${source.length}`,
    metadata: { cloudshare: { badges: true } },
    source
  };
}

function notebook(): NotebookModel {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { cell_type: 'markdown', metadata: {}, source: '# Title' },
    { cell_type: 'code', metadata: {}, source: 'x = 1' }
  ]);
  return model;
}

describe('insertBadgeCell', () => {
  it('adds the badge cell as the first cell with its cloudshare metadata', () => {
    const model = notebook();
    expect(insertBadgeCell(model, badgeCell('[![Open In Colab](a)](b)'))).toBe(
      0
    );
    const cells = model.sharedModel.cells;
    expect(cells).toHaveLength(3);
    expect(cells[0].cell_type).toBe('markdown');
    expect(cells[0].getSource()).toBe('[![Open In Colab](a)](b)');
    expect(cells[0].getMetadata('cloudshare')).toEqual({ badges: true });
    expect(cells[1].getSource()).toBe('# Title');
    model.dispose();
  });

  it('replaces an existing badge cell wherever it is instead of duplicating it', () => {
    const model = notebook();
    insertBadgeCell(model, badgeCell('old'));
    model.sharedModel.moveCell(0, 2);
    expect(insertBadgeCell(model, badgeCell('new badges'))).toBe(2);
    const sources = model.sharedModel.cells.map(cell => cell.getSource());
    expect(sources).toEqual(['# Title', 'x = 1', 'new badges']);
    model.dispose();
  });

  it('joins a source given as a list of lines', () => {
    const model = notebook();
    insertBadgeCell(model, { ...badgeCell(''), source: ['[a](b) ', '[c](d)'] });
    expect(model.sharedModel.cells[0].getSource()).toBe('[a](b) [c](d)');
    model.dispose();
  });
});
