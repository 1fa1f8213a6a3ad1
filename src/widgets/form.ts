/**
 * A labelled checkbox of a share form ("Also save the .py", "Without
 * outputs"), appended to `parent`.
 */
export function createCheckbox(
  parent: HTMLElement,
  name: string,
  text: string,
  checked: boolean
): HTMLInputElement {
  const label = document.createElement('label');
  label.className = 'jp-cloudshare-Form-check';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = name;
  input.checked = checked;
  label.append(input, document.createTextNode(' ' + text));
  parent.appendChild(label);
  return input;
}
