import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { CloudShareError } from '../api';
import { IFinding } from '../tokens';

/**
 * What the user chose in the policy-refusal dialog: repeat the request
 * acknowledging the findings (the server's fingerprint), or without outputs.
 */
export interface IPolicyDecision {
  /** The fingerprint to send back as `acknowledge`. */
  acknowledge?: string;
  /** Repeat the request with every output dropped. */
  noOutputs?: boolean;
}

/** Options of `confirmSensitiveShare`. */
export interface IConfirmShareOptions {
  /** The admin allows sharing without outputs (`allowShareWithoutOutputs`). */
  allowWithoutOutputs: boolean;
}

/** The policy details the server adds to a 422 `policy_warning`/`policy_blocked`. */
export interface IPolicyDetails {
  action: string;
  level: string;
  findings: IFinding[];
  fingerprint: string;
  acknowledgeable: boolean;
  all_in_outputs: boolean;
  summary: { [type: string]: number };
}

/** Error codes of a share refused by the sensitive-data policy. */
export const POLICY_ERROR_CODES = ['policy_warning', 'policy_blocked'];

/** Whether an error is a share refused by the sensitive-data policy. */
export function isPolicyError(error: unknown): error is CloudShareError {
  return (
    error instanceof CloudShareError && POLICY_ERROR_CODES.includes(error.code)
  );
}

/** At most this many findings are listed in the dialog; the rest are counted. */
const MAX_LISTED = 50;

/**
 * The friendly, plural name of a finding type ("Social Security numbers").
 * Unknown types (an admin's custom detector) keep their own name.
 */
export function findingTypeLabel(
  type: string,
  trans: TranslationBundle
): string {
  switch (type) {
    case 'NAME':
      return trans.__('patient names');
    case 'SSN':
      return trans.__('Social Security numbers');
    case 'MRN':
      return trans.__('medical record numbers');
    case 'DOB':
      return trans.__('dates of birth');
    case 'DATE':
      return trans.__('dates');
    case 'PHONE':
      return trans.__('phone numbers');
    case 'EMAIL':
      return trans.__('e-mail addresses');
    case 'ADDRESS':
      return trans.__('street addresses');
    case 'ZIP':
      return trans.__('ZIP codes');
    case 'HEALTH_PLAN_ID':
      return trans.__('health plan IDs');
    case 'MBI':
      return trans.__('Medicare beneficiary IDs');
    case 'NPI':
      return trans.__('NPI numbers');
    case 'DEA':
      return trans.__('DEA numbers');
    case 'ICD10':
      return trans.__('diagnosis codes');
    case 'IP_ADDRESS':
      return trans.__('IP addresses');
    case 'DEVICE_ID':
      return trans.__('device serial numbers');
    case 'ACCOUNT':
      return trans.__('account numbers');
    case 'LICENSE':
      return trans.__('licence numbers');
    case 'AWS_ACCESS_KEY_ID':
      return trans.__('AWS access keys');
    case 'AWS_SECRET_KEY':
      return trans.__('AWS secret keys');
    case 'GITHUB_TOKEN':
      return trans.__('GitHub tokens');
    case 'SLACK_TOKEN':
      return trans.__('Slack tokens');
    case 'SLACK_WEBHOOK':
      return trans.__('Slack webhooks');
    case 'PRIVATE_KEY':
      return trans.__('private keys');
    case 'PASSWORD':
      return trans.__('passwords');
    case 'GOOGLE_API_KEY':
      return trans.__('Google API keys');
    case 'JWT':
      return trans.__('JSON web tokens');
    case 'STRIPE_KEY':
      return trans.__('Stripe keys');
    case 'OPENAI_KEY':
      return trans.__('OpenAI keys');
    case 'HF_TOKEN':
      return trans.__('Hugging Face tokens');
    case 'API_KEY':
      return trans.__('API keys and tokens');
    case 'GENERIC_SECRET':
      return trans.__('secrets');
    default:
      return type;
  }
}

/** "Social Security numbers ×3, e-mail addresses ×1", in the order of the summary. */
export function summaryText(
  summary: { [type: string]: number },
  trans: TranslationBundle
): string {
  return Object.entries(summary)
    .filter(([, count]) => count > 0)
    .map(([type, count]) =>
      trans.__('%1 ×%2', findingTypeLabel(type, trans), count)
    )
    .join(trans.__(', '));
}

/** Where a finding is: "the output of cell 3" or "the source of cell 5" (1-based). */
export function findingLocation(
  finding: IFinding,
  trans: TranslationBundle
): string {
  return finding.in_output
    ? trans.__('the output of cell %1', finding.cell + 1)
    : trans.__('the source of cell %1', finding.cell + 1);
}

/** The details of a policy error, read defensively (they come from the server). */
export function policyDetails(error: CloudShareError): IPolicyDetails {
  const d = error.details ?? {};
  const findings = Array.isArray(d.findings) ? (d.findings as IFinding[]) : [];
  let summary: { [type: string]: number } = {};
  if (d.summary && typeof d.summary === 'object') {
    summary = d.summary as { [type: string]: number };
  } else {
    for (const f of findings) {
      summary[f.type] = (summary[f.type] ?? 0) + 1;
    }
  }
  return {
    action: typeof d.action === 'string' ? d.action : '',
    level:
      typeof d.level === 'string'
        ? d.level
        : error.code === 'policy_blocked'
          ? 'block'
          : 'warn',
    findings,
    fingerprint: typeof d.fingerprint === 'string' ? d.fingerprint : '',
    acknowledgeable: d.acknowledgeable === true,
    all_in_outputs: d.all_in_outputs === true,
    summary
  };
}

function actionLabel(action: string, trans: TranslationBundle): string {
  switch (action) {
    case 'push':
      return trans.__('saving to GitHub');
    case 'gist':
      return trans.__('saving as a gist');
    case 'link':
      return trans.__('sharing a link');
    case 'export':
      return trans.__('exporting');
    default:
      return trans.__('sharing');
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    // Server text is only ever set as text, never as HTML.
    node.textContent = text;
  }
  return node;
}

/**
 * The dialog body: the admin's policy, the kinds found and a table of the
 * findings (type, cell, output or source, the server's masked excerpt).
 */
export function createPolicyBody(
  error: CloudShareError,
  details: IPolicyDetails,
  trans: TranslationBundle
): HTMLElement {
  const body = element('div', 'jp-cloudshare-PolicyDialog');
  const blocked = error.code === 'policy_blocked';
  const action = actionLabel(details.action, trans);
  body.appendChild(
    element(
      'p',
      'jp-cloudshare-PolicyDialog-policy',
      blocked
        ? trans.__(
            'Your administrator does not allow %1 when a notebook may hold protected health information or secrets (policy: block).',
            action
          )
        : trans.__(
            'Your administrator asks you to confirm before %1 a notebook that may hold protected health information or secrets (policy: warn).',
            action
          )
    )
  );
  const summary = summaryText(details.summary, trans);
  if (summary) {
    body.appendChild(
      element(
        'p',
        'jp-cloudshare-PolicyDialog-summary',
        trans.__('Found: %1', summary)
      )
    );
  }

  if (details.findings.length) {
    const table = element('table', 'jp-cloudshare-PolicyDialog-findings');
    const caption = element('caption', undefined, trans.__('Findings'));
    caption.className = 'jp-cloudshare-visually-hidden';
    table.appendChild(caption);
    const head = element('thead');
    const headRow = element('tr');
    for (const title of [
      trans.__('Kind'),
      trans.__('Cell'),
      trans.__('Where'),
      trans.__('Excerpt (masked)')
    ]) {
      const th = element('th', undefined, title);
      th.scope = 'col';
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    table.appendChild(head);
    const tbody = element('tbody');
    for (const f of details.findings.slice(0, MAX_LISTED)) {
      const row = element('tr');
      row.appendChild(
        element('td', undefined, findingTypeLabel(f.type, trans))
      );
      row.appendChild(element('td', undefined, String(f.cell + 1)));
      row.appendChild(
        element(
          'td',
          undefined,
          f.in_output ? trans.__('output') : trans.__('source')
        )
      );
      const excerpt = element('td', 'jp-cloudshare-PolicyDialog-excerpt');
      excerpt.appendChild(element('code', undefined, f.excerpt ?? ''));
      row.appendChild(excerpt);
      tbody.appendChild(row);
    }
    table.appendChild(tbody);
    body.appendChild(table);
    if (details.findings.length > MAX_LISTED) {
      body.appendChild(
        element(
          'p',
          undefined,
          trans.__('…and %1 more.', details.findings.length - MAX_LISTED)
        )
      );
    }
  }

  if (details.all_in_outputs) {
    body.appendChild(
      element(
        'p',
        'jp-cloudshare-PolicyDialog-hint',
        trans.__(
          'Every finding is in a cell output: sharing without outputs leaves them out.'
        )
      )
    );
  }
  return body;
}

const NO_OUTPUTS = 'cloudshare-no-outputs';
const ACKNOWLEDGE = 'cloudshare-acknowledge';

/**
 * Ask the user what to do with a share the sensitive-data policy refused
 * (422 `policy_warning` or `policy_blocked`).
 *
 * - `policy_warning`: Cancel, "Share without outputs" (when every finding is
 *   in an output, or when the admin allows it and some are) and "Share anyway",
 *   which acknowledges exactly the findings shown (the server's fingerprint).
 * - `policy_blocked`: Cancel and, when `options.allowWithoutOutputs` and every
 *   finding is in an output, "Share without outputs".
 *
 * @returns the user's decision, or null when they cancel (or the error is not a policy refusal).
 */
export async function confirmSensitiveShare(
  error: CloudShareError,
  trans: TranslationBundle,
  options: IConfirmShareOptions
): Promise<IPolicyDecision | null> {
  if (!isPolicyError(error)) {
    return null;
  }
  const details = policyDetails(error);
  const blocked = error.code === 'policy_blocked';
  const someInOutputs = details.findings.some(f => f.in_output);

  const withoutOutputs = blocked
    ? options.allowWithoutOutputs && details.all_in_outputs
    : details.all_in_outputs || (options.allowWithoutOutputs && someInOutputs);
  const canAcknowledge = !blocked && details.fingerprint !== '';

  const buttons: Dialog.IButton[] = [
    Dialog.cancelButton({ label: trans.__('Cancel') })
  ];
  if (withoutOutputs) {
    buttons.push(
      Dialog.okButton({
        label: trans.__('Share without outputs'),
        caption: trans.__('Share the notebook with every cell output removed'),
        actions: [NO_OUTPUTS]
      })
    );
  }
  if (canAcknowledge) {
    buttons.push(
      Dialog.warnButton({
        label: trans.__('Share anyway'),
        caption: trans.__('Share the notebook with the data listed above'),
        actions: [ACKNOWLEDGE]
      })
    );
  }

  const result = await showDialog({
    title: blocked
      ? trans.__('Sharing blocked: sensitive data found')
      : trans.__('This notebook may hold sensitive data'),
    body: new Widget({ node: createPolicyBody(error, details, trans) }),
    buttons,
    // The safe choice is the default: Enter cancels.
    defaultButton: 0
  });
  if (!result.button.accept) {
    return null;
  }
  if (result.button.actions.includes(NO_OUTPUTS)) {
    return { noOutputs: true };
  }
  if (result.button.actions.includes(ACKNOWLEDGE)) {
    return { acknowledge: details.fingerprint };
  }
  return null;
}

/**
 * Ask about a policy refusal of `request` ({@link confirmSensitiveShare});
 * the request to send again with the user's decision (without outputs, or
 * acknowledging the findings), or null when they cancel.
 */
export async function retryAfterPolicy<T extends object>(
  request: T,
  error: CloudShareError,
  trans: TranslationBundle,
  options: IConfirmShareOptions
): Promise<T | null> {
  const decision = await confirmSensitiveShare(error, trans, options);
  return decision ? { ...request, ...decision } : null;
}
