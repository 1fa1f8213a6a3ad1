/**
 * WCAG 2 contrast of the text the extension draws, as the browser renders
 * it: each visible text node's computed color (with the opacity of its
 * ancestors) over its effective background (the first non-transparent
 * backgrounds up the tree, composited), in the current theme.
 */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** One text whose contrast is below the bar. */
export interface ILowContrast {
  text: string;
  ratio: number;
  color: string;
  background: string;
  where: string;
}

/** The result of {@link measureContrast}. */
export interface IContrastReport {
  /** How many text nodes were measured. */
  measured: number;
  /** The lowest ratio found (Infinity when nothing was measured). */
  lowest: number;
  /** The texts below `minimum`. */
  failures: ILowContrast[];
}

/**
 * Measure every visible, enabled text node under the elements matching
 * `selector`. WCAG exempts disabled controls, so text inside a disabled
 * button or input is skipped.
 */
export async function measureContrast(
  page: Page,
  selector: string,
  minimum = 4.5
): Promise<IContrastReport> {
  return page.evaluate(
    ({ selector, minimum }) => {
      type RGBA = [number, number, number, number];
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      // Any CSS color syntax (rgb(), color(srgb ...), color-mix results) through the canvas.
      const parse = (css: string): RGBA => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = 'rgba(0, 0, 0, 0)';
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
        return [r, g, b, a / 255];
      };
      const over = (top: RGBA, bottom: RGBA): RGBA => {
        const a = top[3] + bottom[3] * (1 - top[3]);
        if (a === 0) {
          return [0, 0, 0, 0];
        }
        const mix = (i: number) =>
          (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
        return [mix(0), mix(1), mix(2), a];
      };
      const luminance = ([r, g, b]: RGBA) => {
        const lin = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const background = (el: Element | null): RGBA => {
        const layers: RGBA[] = [];
        for (let node = el; node; node = node.parentElement) {
          const bg = parse(getComputedStyle(node).backgroundColor);
          if (bg[3] > 0) {
            layers.push(bg);
            if (bg[3] >= 1) {
              break;
            }
          }
        }
        // The page itself is white under everything.
        let result: RGBA = [255, 255, 255, 1];
        for (const layer of layers.reverse()) {
          result = over(layer, result);
        }
        return result;
      };
      const opacity = (el: Element | null): number => {
        let value = 1;
        for (let node = el; node; node = node.parentElement) {
          value *= Number(getComputedStyle(node).opacity);
        }
        return value;
      };
      const describe = (el: Element): string => {
        const parts: string[] = [];
        for (
          let node: Element | null = el;
          node && parts.length < 3;
          node = node.parentElement
        ) {
          const cls = [...node.classList].slice(0, 2).join('.');
          parts.unshift(node.tagName.toLowerCase() + (cls ? `.${cls}` : ''));
        }
        return parts.join(' > ');
      };
      const css = ([r, g, b, a]: RGBA) =>
        `rgba(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)}, ${a.toFixed(2)})`;

      let measured = 0;
      let lowest = Infinity;
      const failures: {
        text: string;
        ratio: number;
        color: string;
        background: string;
        where: string;
      }[] = [];
      for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = (n.textContent ?? '').trim();
          const el = n.parentElement;
          if (!text || !el) {
            continue;
          }
          const style = getComputedStyle(el);
          if (
            style.visibility !== 'visible' ||
            !el.getClientRects().length ||
            el.closest('[hidden], .jp-cloudshare-visually-hidden') ||
            el.closest(
              'button:disabled, input:disabled, [aria-disabled="true"]'
            )
          ) {
            continue;
          }
          const bg = background(el);
          const fg = parse(style.color);
          fg[3] *= opacity(el);
          const shown = over(fg, bg);
          const l1 = luminance(shown);
          const l2 = luminance(bg);
          const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
          measured++;
          lowest = Math.min(lowest, ratio);
          if (ratio < minimum) {
            failures.push({
              text: text.slice(0, 60),
              ratio: Math.round(ratio * 100) / 100,
              color: css(shown),
              background: css(bg),
              where: describe(el)
            });
          }
        }
      }
      return { measured, lowest, failures };
    },
    { selector, minimum }
  );
}

/**
 * Fail unless some text was measured under `selector` and none of it is
 * below 4.5:1; `what` names the surface in the failure.
 */
export async function expectReadable(
  page: Page,
  selector: string,
  what: string
): Promise<void> {
  const report = await measureContrast(page, selector);
  expect(report.measured, `${what}: some text was measured`).toBeGreaterThan(0);
  expect(report.failures, `${what}: text below 4.5:1`).toEqual([]);
}
