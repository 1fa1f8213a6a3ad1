/**
 * The Google Drive dialog bodies and the Drive choice of "Share to Colab":
 * pure DOM, no server.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IColabShare, IDriveSaveResult } from '../../tokens';
import { DriveOpenBody, DriveResultBody, DriveSaveForm } from '../driveDialogs';
import { NeedsUploadBody, ShareChoice } from '../shareDialog';

const trans = nullTranslator.load('jupyterlab_cloudshare');
const FILE_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz012345';

const RESULT: IDriveSaveResult = {
  fileId: FILE_ID,
  name: 'analysis.ipynb',
  colabUrl: `https://colab.research.google.com/drive/${FILE_ID}`,
  webViewLink: `https://drive.google.com/file/d/${FILE_ID}/view?usp=drivesdk`,
  folderId: '1folder',
  created: true
};

const NEEDS_UPLOAD: IColabShare = {
  status: 'needs_upload',
  colabUrl: null,
  reason: 'The notebook is not on GitHub.',
  source: null,
  location: null,
  lastPush: null,
  lastGist: null
};

function attach<T extends Widget>(widget: T): T {
  Widget.attach(widget, document.body);
  return widget;
}

describe('DriveResultBody', () => {
  it('shows the Colab and Drive links read-only, each with a copy button', () => {
    const body = attach(new DriveResultBody(RESULT, trans));
    const fields = Array.from(body.node.querySelectorAll('input')).map(
      input => (input as HTMLInputElement).value
    );
    expect(fields).toEqual([RESULT.colabUrl, RESULT.webViewLink]);
    expect(body.node.querySelectorAll('button')).toHaveLength(2);
    expect(body.node.textContent).toContain('Saved "analysis.ipynb"');
    expect(body.node.textContent).toContain('Only you can open it');
    body.dispose();
  });

  it('says when the file was updated and shared with the link', () => {
    const body = attach(
      new DriveResultBody(
        { ...RESULT, created: false, shared: 'anyoneWithLink' },
        trans
      )
    );
    expect(body.node.textContent).toContain('Updated "analysis.ipynb"');
    expect(body.node.textContent).toContain('Anyone with the link can view');
    body.dispose();
  });
});

describe('DriveSaveForm', () => {
  it('starts private with outputs and reports the boxes ticked', () => {
    const form = attach(new DriveSaveForm(trans, 'ada@example.com'));
    expect(form.getValue()).toEqual({
      noOutputs: false,
      anyoneWithLink: false
    });
    const boxes = form.node.querySelectorAll('input[type="checkbox"]');
    (boxes[1] as HTMLInputElement).click();
    expect(form.getValue()).toEqual({ noOutputs: false, anyoneWithLink: true });
    expect(form.node.textContent).toContain('ada@example.com');
    form.dispose();
  });
});

describe('DriveOpenBody', () => {
  it('fills the id of the notebook picked from the list', () => {
    const body = attach(
      new DriveOpenBody(
        [
          {
            fileId: FILE_ID,
            name: 'analysis.ipynb',
            modifiedTime: '2026-12-01T10:00:00.000Z',
            owner: 'Ada Lovelace',
            colabUrl: RESULT.colabUrl,
            webViewLink: RESULT.webViewLink
          }
        ],
        trans
      )
    );
    expect(body.getValue()).toBe('');
    const pick = body.node.querySelector(
      '.jp-cloudshare-DriveOpen-file'
    ) as HTMLButtonElement;
    expect(pick.textContent).toBe('analysis.ipynb');
    pick.click();
    expect(body.getValue()).toBe(FILE_ID);
    body.dispose();
  });

  it('asks for a link when the folder shows nothing', () => {
    const body = attach(new DriveOpenBody([], trans));
    expect(body.node.textContent).toContain('paste a link');
    body.dispose();
  });
});

describe('Share to Colab with Drive', () => {
  function choices(body: NeedsUploadBody): string[] {
    return Array.from(
      body.node.querySelectorAll<HTMLElement>('.jp-cloudshare-Choice')
    ).map(item => item.dataset.choice!);
  }

  it('offers Drive only when the Drive command can run', () => {
    const without = attach(
      new NeedsUploadBody({
        share: NEEDS_UPLOAD,
        trans,
        available: { quick: true, push: true, gist: true }
      })
    );
    expect(choices(without)).toEqual(['push', 'gist']);
    without.dispose();

    const withDrive = attach(
      new NeedsUploadBody({
        share: NEEDS_UPLOAD,
        trans,
        available: { quick: true, push: true, gist: true, drive: true }
      })
    );
    expect(choices(withDrive)).toEqual(['push', 'gist', 'drive']);
    let picked: ShareChoice | null = null;
    withDrive.chosen.connect((_, choice) => (picked = choice));
    (
      withDrive.node.querySelector(
        '[data-choice="drive"] button'
      ) as HTMLButtonElement
    ).click();
    expect(picked).toBe('drive');
    withDrive.dispose();
  });
});
