import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { IFinding, IScanResult } from '../../tokens';
import {
  appendLinkifiedText,
  SensitiveDataBanner,
  visibleFindings
} from '../banner';

const trans = nullTranslator.load('jupyterlab_cloudshare');

function finding(
  type: string,
  cell: number,
  inOutput: boolean,
  start = 0
): IFinding {
  return {
    type,
    severity: 'high',
    cell,
    cell_id: `c${cell}`,
    path: inOutput ? `/cells/${cell}/outputs/0/text` : `/cells/${cell}/source`,
    start,
    end: start + 11,
    excerpt: '***-**-8410',
    in_output: inOutput
  };
}

function scanResult(overrides: Partial<IScanResult> = {}): IScanResult {
  const findings = [
    finding('AWS_ACCESS_KEY_ID', 4, false),
    finding('SSN', 2, true, 40),
    finding('SSN', 2, true, 10),
    finding('EMAIL', 3, true)
  ];
  return {
    path: 'phi.ipynb',
    findings,
    summary: { SSN: 2, EMAIL: 1, AWS_ACCESS_KEY_ID: 1 },
    count: findings.length,
    fingerprint: 'abc123',
    policy: { push: 'warn', gist: 'warn', link: 'warn', export: 'off' },
    bannerMessage: '',
    ...overrides
  };
}

function buttonNamed(banner: Widget, name: string): HTMLButtonElement {
  const buttons = Array.from(banner.node.querySelectorAll('button'));
  const button = buttons.find(b => b.textContent === name);
  if (!button) {
    throw new Error(
      `no button named ${name}: ${buttons.map(b => b.textContent).join(', ')}`
    );
  }
  return button;
}

describe('SensitiveDataBanner', () => {
  let banner: SensitiveDataBanner;
  const shown: [IFinding, number, readonly IFinding[]][] = [];
  let dismissed = 0;
  let shareEnabled = false;
  let shared = 0;
  let cleared = 0;

  beforeEach(() => {
    shown.length = 0;
    dismissed = 0;
    shared = 0;
    cleared = 0;
    shareEnabled = false;
    banner = new SensitiveDataBanner({
      trans,
      onShow: (f, i, all) => shown.push([f, i, all]),
      onDismiss: () => dismissed++,
      onClearOutputs: () => cleared++,
      shareWithoutOutputs: {
        isEnabled: () => shareEnabled,
        execute: () => shared++
      }
    });
    Widget.attach(banner, document.body);
  });

  afterEach(() => {
    banner.dispose();
  });

  it('is hidden until a scan with findings arrives', () => {
    expect(banner.isHidden).toBe(true);
    banner.setResult(scanResult({ findings: [], summary: {}, count: 0 }));
    expect(banner.isHidden).toBe(true);
    banner.setResult(scanResult());
    expect(banner.isHidden).toBe(false);
  });

  it('names the kinds found with friendly labels and counts', () => {
    banner.setResult(scanResult());
    const text = banner.node.textContent ?? '';
    expect(text).toContain(
      'This notebook may hold protected health information or secrets'
    );
    expect(text).toContain('Social Security numbers ×2');
    expect(text).toContain('e-mail addresses ×1');
    expect(text).toContain('AWS access keys ×1');
    // Server type codes are not shown raw.
    expect(text).not.toContain('AWS_ACCESS_KEY_ID');
  });

  it('is an accessible live region with real, named buttons', () => {
    banner.setResult(scanResult());
    expect(banner.node.getAttribute('role')).toBe('region');
    expect(banner.node.getAttribute('aria-label')).toBeTruthy();
    const live = banner.node.querySelector('[role="status"]');
    expect(live).not.toBeNull();
    expect(live!.getAttribute('aria-live')).toBe('polite');
    const names = Array.from(banner.node.querySelectorAll('button')).map(
      b => b.textContent
    );
    expect(names).toEqual([
      'Show',
      'Share without outputs',
      'Clear outputs',
      'Dismiss'
    ]);
    for (const button of Array.from(banner.node.querySelectorAll('button'))) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.type).toBe('button');
      expect(button.title).toBeTruthy();
    }
  });

  it('renders the admin caution as text, with safe links', () => {
    const message =
      'Public clouds are not the place for PHI: see https://intranet.example/policy. <script>window.__pwned = true</script><img src=x onerror="window.__pwned=true">';
    banner.setResult(scanResult({ bannerMessage: message }));
    const caution = banner.node.querySelector('.jp-cloudshare-Banner-caution')!;
    expect(caution.textContent).toBe(message);
    expect(caution.querySelector('script')).toBeNull();
    expect(caution.querySelector('img')).toBeNull();
    expect(
      (window as unknown as { __pwned?: boolean }).__pwned
    ).toBeUndefined();
    const links = caution.querySelectorAll('a');
    expect(links).toHaveLength(1);
    // The sentence's full stop is not part of the link.
    expect(links[0].getAttribute('href')).toBe(
      'https://intranet.example/policy'
    );
    expect(links[0].rel).toBe('noopener noreferrer');
    expect(links[0].target).toBe('_blank');
  });

  it('never links a javascript: URL', () => {
    const node = document.createElement('p');
    appendLinkifiedText(node, 'javascript:alert(1) and http://ok.example/a');
    const links = Array.from(node.querySelectorAll('a')).map(a =>
      a.getAttribute('href')
    );
    expect(links).toEqual(['http://ok.example/a']);
    expect(node.textContent).toBe(
      'javascript:alert(1) and http://ok.example/a'
    );
  });

  it('"Show" walks the cells in reading order, one step per cell, and says what', () => {
    banner.setResult(scanResult());
    const show = buttonNamed(banner, 'Show');
    const cells: number[] = [];
    for (let i = 0; i < 5; i++) {
      show.click();
      cells.push(shown[i][0].cell);
    }
    // Cell 2 (both SSNs in one step), cell 3, cell 4, then wraps around.
    expect(cells).toEqual([2, 3, 4, 2, 3]);
    expect(shown.map(([, i]) => i)).toEqual([0, 1, 2, 0, 1]);
    expect(shown[0][0].start).toBe(10);
    expect(shown[0][2].map(f => f.start)).toEqual([10, 40]);
    const position = banner.node.querySelector(
      '.jp-cloudshare-Banner-position'
    )!;
    expect(position.textContent).toBe(
      '2 of 3: e-mail addresses in the output of cell 4'
    );
    show.click();
    expect(position.textContent).toBe(
      '3 of 3: AWS access keys in the source of cell 5'
    );
    show.click();
    expect(position.textContent).toBe(
      '1 of 3: Social Security numbers ×2 in the output of cell 3'
    );
  });

  it('a cell with 46 findings is one step', () => {
    const many = Array.from({ length: 46 }, (_, i) =>
      finding('SSN', 1, true, i * 20)
    );
    banner.setResult(
      scanResult({ findings: many, summary: { SSN: 46 }, count: 46 })
    );
    buttonNamed(banner, 'Show').click();
    expect(banner.steps).toHaveLength(1);
    expect(shown[0][2]).toHaveLength(46);
    expect(
      banner.node.querySelector('.jp-cloudshare-Banner-position')!.textContent
    ).toBe('1 of 1: Social Security numbers ×46 in the output of cell 2');
  });

  it('a value printed as text/plain and text/html of one output counts once', () => {
    const at = (path: string, type: string, start: number): IFinding => ({
      ...finding(type, 0, true, start),
      path
    });
    const plain = '/cells/0/outputs/0/data/text/plain';
    const html = '/cells/0/outputs/0/data/text/html';
    const findings = [
      at(plain, 'SSN', 29),
      at(plain, 'SSN', 56),
      at(html, 'NAME', 49),
      at(html, 'SSN', 69),
      at(html, 'NAME', 98),
      at(html, 'SSN', 117),
      // Another output of the same cell counts on its own.
      at('/cells/0/outputs/1/text', 'SSN', 3)
    ];
    const visible = visibleFindings(findings);
    expect(visible.filter(f => f.type === 'SSN')).toHaveLength(3);
    expect(visible.filter(f => f.type === 'NAME')).toHaveLength(2);
    banner.setResult(
      scanResult({ findings, summary: { SSN: 5, NAME: 2 }, count: 7 })
    );
    const message = banner.node.querySelector('.jp-cloudshare-Banner-message')!;
    expect(message.textContent).toContain('Social Security numbers ×3');
    expect(message.textContent).toContain('patient names ×2');
  });

  it('a new scan restarts the cycle', () => {
    banner.setResult(scanResult());
    buttonNamed(banner, 'Show').click();
    buttonNamed(banner, 'Show').click();
    banner.setResult(scanResult());
    buttonNamed(banner, 'Show').click();
    expect(shown[2][1]).toBe(0);
  });

  it('"Dismiss" hides it and stays dismissed until forced', () => {
    banner.setResult(scanResult());
    buttonNamed(banner, 'Dismiss').click();
    expect(banner.isHidden).toBe(true);
    expect(dismissed).toBe(1);
    banner.setResult(scanResult());
    expect(banner.isHidden).toBe(true);
    banner.setResult(scanResult(), true);
    expect(banner.isHidden).toBe(false);
  });

  it('"Share without outputs" is disabled until its command exists', () => {
    banner.setResult(scanResult());
    const share = buttonNamed(banner, 'Share without outputs');
    expect(share.disabled).toBe(true);
    share.click();
    expect(shared).toBe(0);
    shareEnabled = true;
    banner.refreshActions();
    expect(share.disabled).toBe(false);
    share.click();
    expect(shared).toBe(1);
  });

  it('"Clear outputs" asks its owner', () => {
    banner.setResult(scanResult());
    buttonNamed(banner, 'Clear outputs').click();
    expect(cleared).toBe(1);
  });
});
