import { Dialog } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { CloudShareError } from '../../api';
import { IFinding } from '../../tokens';
import {
  confirmSensitiveShare,
  IPolicyDecision,
  retryAfterPolicy
} from '../policyDialog';

const trans = nullTranslator.load('jupyterlab_cloudshare');

function finding(
  type: string,
  cell: number,
  inOutput: boolean,
  excerpt: string
): IFinding {
  return {
    type,
    severity: 'high',
    cell,
    cell_id: null,
    path: `cells/${cell}`,
    start: 0,
    end: 4,
    excerpt,
    in_output: inOutput
  };
}

function policyError(
  code: 'policy_warning' | 'policy_blocked',
  findings: IFinding[],
  allInOutputs: boolean
): CloudShareError {
  return new CloudShareError(
    422,
    code,
    'Refused by the sensitive-data policy',
    {
      action: 'push',
      level: code === 'policy_blocked' ? 'block' : 'warn',
      findings,
      fingerprint: 'fp-123',
      acknowledgeable: code === 'policy_warning',
      all_in_outputs: allInOutputs,
      summary: findings.reduce<{ [t: string]: number }>((s, f) => {
        s[f.type] = (s[f.type] ?? 0) + 1;
        return s;
      }, {})
    }
  );
}

/** Wait for the dialog, return its node. */
async function dialogNode(): Promise<HTMLElement> {
  for (let i = 0; i < 100; i++) {
    const node = document.body.querySelector<HTMLElement>('.jp-Dialog');
    if (node) {
      return node;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('no dialog');
}

function buttonLabels(node: HTMLElement): string[] {
  return Array.from(node.querySelectorAll('.jp-Dialog-footer button')).map(
    b =>
      b.querySelector('.jp-Dialog-buttonLabel')?.textContent ??
      b.textContent ??
      ''
  );
}

async function choose<T = IPolicyDecision>(
  pending: Promise<T | null>,
  label: string
): Promise<T | null> {
  const node = await dialogNode();
  const button = Array.from(
    node.querySelectorAll<HTMLButtonElement>('.jp-Dialog-footer button')
  ).find(
    b =>
      (b.querySelector('.jp-Dialog-buttonLabel')?.textContent ??
        b.textContent) === label
  );
  if (!button) {
    throw new Error(`no button ${label} in ${buttonLabels(node).join(', ')}`);
  }
  button.click();
  return pending;
}

describe('confirmSensitiveShare', () => {
  afterEach(() => {
    Dialog.flush();
  });

  const outputs = [
    finding('SSN', 2, true, '***-**-8410'),
    finding('EMAIL', 3, true, 'm***@example.org')
  ];
  const mixed = [
    ...outputs,
    finding('AWS_ACCESS_KEY_ID', 5, false, 'AKIA************4PB')
  ];

  it('lists the findings as text, with the policy', async () => {
    const withScript = [
      finding('NAME', 0, true, '<img src=x onerror="window.__x=1">')
    ];
    const pending = confirmSensitiveShare(
      policyError('policy_warning', withScript, true),
      trans,
      {
        allowWithoutOutputs: true
      }
    );
    const node = await dialogNode();
    expect(node.textContent).toContain('policy: warn');
    const rows = node.querySelectorAll(
      '.jp-cloudshare-PolicyDialog-findings tbody tr'
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('patient names');
    expect(rows[0].textContent).toContain('output');
    expect(
      node.querySelector('.jp-cloudshare-PolicyDialog-findings img')
    ).toBeNull();
    expect(node.textContent).toContain('<img src=x onerror="window.__x=1">');
    expect(await choose(pending, 'Cancel')).toBeNull();
  });

  it('a warning with findings only in outputs offers all three choices', async () => {
    const error = policyError('policy_warning', outputs, true);
    let pending = confirmSensitiveShare(error, trans, {
      allowWithoutOutputs: false
    });
    expect(buttonLabels(await dialogNode())).toEqual([
      'Cancel',
      'Share without outputs',
      'Share anyway'
    ]);
    expect(await choose(pending, 'Share anyway')).toEqual({
      acknowledge: 'fp-123'
    });

    pending = confirmSensitiveShare(error, trans, {
      allowWithoutOutputs: false
    });
    expect(await choose(pending, 'Share without outputs')).toEqual({
      noOutputs: true
    });
  });

  it('a warning with a secret in the source offers no output-only way unless allowed', async () => {
    const error = policyError('policy_warning', mixed, false);
    const pending = confirmSensitiveShare(error, trans, {
      allowWithoutOutputs: false
    });
    const node = await dialogNode();
    expect(buttonLabels(node)).toEqual(['Cancel', 'Share anyway']);
    expect(node.textContent).toContain('source');
    expect(await choose(pending, 'Cancel')).toBeNull();
  });

  it('a block offers only Cancel, or sharing without outputs when allowed', async () => {
    let pending = confirmSensitiveShare(
      policyError('policy_blocked', mixed, false),
      trans,
      {
        allowWithoutOutputs: true
      }
    );
    let node = await dialogNode();
    expect(node.textContent).toContain('policy: block');
    expect(buttonLabels(node)).toEqual(['Cancel']);
    expect(await choose(pending, 'Cancel')).toBeNull();

    pending = confirmSensitiveShare(
      policyError('policy_blocked', outputs, true),
      trans,
      {
        allowWithoutOutputs: false
      }
    );
    expect(buttonLabels(await dialogNode())).toEqual(['Cancel']);
    expect(await choose(pending, 'Cancel')).toBeNull();

    pending = confirmSensitiveShare(
      policyError('policy_blocked', outputs, true),
      trans,
      {
        allowWithoutOutputs: true
      }
    );
    node = await dialogNode();
    expect(buttonLabels(node)).toEqual(['Cancel', 'Share without outputs']);
    expect(await choose(pending, 'Share without outputs')).toEqual({
      noOutputs: true
    });
  });

  it('returns null for an error that is not a policy refusal', async () => {
    const error = new CloudShareError(500, 'internal', 'boom');
    expect(
      await confirmSensitiveShare(error, trans, { allowWithoutOutputs: true })
    ).toBeNull();
    expect(document.body.querySelector('.jp-Dialog')).toBeNull();
  });
});

describe('retryAfterPolicy', () => {
  afterEach(() => {
    Dialog.flush();
  });

  const error = policyError(
    'policy_warning',
    [finding('SSN', 2, true, '***-**-8410')],
    true
  );
  const request = {
    path: 'a.ipynb',
    noOutputs: false,
    acknowledge: null as string | null
  };

  it('sends the request again with the decision, or not at all', async () => {
    const options = { allowWithoutOutputs: true };
    let pending = retryAfterPolicy(request, error, trans, options);
    await dialogNode();
    expect(await choose(pending, 'Share anyway')).toEqual({
      ...request,
      acknowledge: 'fp-123'
    });
    pending = retryAfterPolicy(request, error, trans, options);
    await dialogNode();
    expect(await choose(pending, 'Share without outputs')).toEqual({
      ...request,
      noOutputs: true
    });
    pending = retryAfterPolicy(request, error, trans, options);
    await dialogNode();
    expect(await choose(pending, 'Cancel')).toBeNull();
    expect(request).toEqual({
      path: 'a.ipynb',
      noOutputs: false,
      acknowledge: null
    });
  });
});
