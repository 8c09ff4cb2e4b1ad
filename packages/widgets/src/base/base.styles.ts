import { css, unsafeCSS } from 'lit';

/**
 * Dark defaults, applied by `theme="dark"` and by `theme="auto"` under a dark colour scheme. A declaration
 * list, not a style sheet, so a plain string: the template minifier only parses whole style sheets.
 */
const dark = unsafeCSS(`
  --_bg: var(--cbm-color-bg, #0f141c);
  --_text: var(--cbm-color-text, #e5e7eb);
  --_muted: var(--cbm-color-muted, #a3acb9);
  --_border: var(--cbm-color-border, #2b3442);
  --_up: var(--cbm-color-up, #34d399);
  --_down: var(--cbm-color-down, #fb8a8a);
  --_accent: var(--cbm-color-accent, #93b4ff);
  --_subtle: var(--cbm-color-subtle, #1b2330);
  --_warn-bg: #4a3810;
  --_warn: #fde68a;
  color-scheme: dark;
`);

/** Tokens, theme switch and the pieces every element shares: badges, buttons, skeleton bones, messages. */
export const baseStyles = css`
  :host {
    --_bg: var(--cbm-color-bg, #ffffff);
    --_text: var(--cbm-color-text, #111827);
    --_muted: var(--cbm-color-muted, #4b5563);
    --_border: var(--cbm-color-border, #d8dde4);
    --_up: var(--cbm-color-up, #047857);
    --_down: var(--cbm-color-down, #b91c1c);
    --_accent: var(--cbm-color-accent, #1d4ed8);
    --_subtle: var(--cbm-color-subtle, #f1f3f6);
    --_warn-bg: #fef3c7;
    --_warn: #78350f;
    --_row: var(--cbm-row-height, 40px);
    --_radius: var(--cbm-radius, 8px);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--cbm-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--cbm-font-size, 14px);
    line-height: 1.4;
    font-variant-numeric: tabular-nums;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  /* Inherited text properties are set again here, not only on :host: a page's global '!important' rules
     reach the host element and would flow in by inheritance; they cannot reach this element. */
  .base {
    color: var(--_text);
    font-family: var(--cbm-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--cbm-font-size, 14px);
    font-style: normal;
    font-weight: 400;
    line-height: 1.4;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-shadow: none;
    text-align: start;
    font-variant-numeric: tabular-nums;
    position: relative;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  a {
    color: inherit;
    text-decoration: none;
  }
  a:hover {
    text-decoration: underline;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--_subtle);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 2px 10px;
    cursor: pointer;
  }
  .up {
    color: var(--_up);
  }
  .down {
    color: var(--_down);
  }
  .muted {
    color: var(--_muted);
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 999px;
    font-size: 11px;
    line-height: 18px;
    font-weight: 600;
    white-space: nowrap;
    background: var(--_subtle);
    color: var(--_text);
    vertical-align: middle;
  }
  .badge.stale,
  .badge.high {
    background: var(--_warn-bg);
    color: var(--_warn);
  }
  .bone {
    display: inline-block;
    width: 70%;
    height: 0.9em;
    border-radius: 4px;
    background: var(--_subtle);
    vertical-align: middle;
    /* Pulses only when loading takes more than a second: a fast load shows a still skeleton and composites no
       animation frames while the page loads. */
    animation: cbm-pulse 1.2s ease-in-out 1s infinite alternate;
  }
  @keyframes cbm-pulse {
    to {
      opacity: 0.45;
    }
  }
  .message {
    display: flex;
    gap: 12px;
    align-items: center;
    justify-content: center;
    height: 100%;
    color: var(--_muted);
    text-align: center;
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
`;
