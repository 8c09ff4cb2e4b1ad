import { css } from 'lit';

export const moversTableStyles = css`
  :host {
    --_caption: 40px;
    container-type: inline-size;
  }
  .base {
    min-height: calc(var(--_caption) + var(--_row) * (var(--_rows, 10) + 1) + 2px);
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    table-layout: fixed;
  }
  caption {
    height: var(--_caption);
    padding: 0 12px;
    text-align: start;
    border-bottom: 1px solid var(--_border);
  }
  .caption {
    display: flex;
    align-items: center;
    gap: 8px;
    height: 100%;
    font-weight: 600;
  }
  .caption .badge {
    margin-inline-start: auto;
  }
  th,
  td {
    height: var(--_row);
    padding: 0 8px;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    text-align: start;
    font-weight: 400;
  }
  tbody tr:last-child > * {
    border-bottom: 0;
  }
  /* Same font size as the body: the column widths below are in em and the header row sets them. */
  thead th {
    color: var(--_muted);
    font-weight: 600;
  }
  .rank {
    width: 3em;
    padding-inline-start: 12px;
    color: var(--_muted);
  }
  .num {
    text-align: end;
  }
  .price {
    /* Room for sub-cent prices such as $0.000000123 without ellipsis. */
    width: 9.5em;
  }
  .change {
    width: 7.5em;
    font-weight: 600;
  }
  .trend {
    width: 64px;
  }
  .signals {
    width: 9em;
    padding-inline-end: 12px;
  }
  .symbol {
    font-weight: 600;
  }
  .name {
    margin-inline-start: 2px;
    color: var(--_muted);
  }
  .signals .badge + .badge {
    margin-inline-start: 4px;
  }
  svg {
    display: block;
    width: 48px;
    height: 20px;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
  }
  polyline {
    vector-effect: non-scaling-stroke;
  }
  .message-row td {
    height: calc(var(--_row) * var(--_rows, 10));
  }
  /* The highlight fades its opacity on a layer under the text: the compositor runs it. Animating the cell's
     background instead restyles and repaints both tables every frame, a second out of every one-second tick.
     The layer is always there: adding it with the class rebuilt the cell's layout box on every tick (more
     layout, and a layout shift each time). */
  td.price {
    position: relative;
    z-index: 0;
  }
  td.price::before {
    content: '';
    position: absolute;
    inset: 0;
    z-index: -1;
    background: var(--_subtle);
    opacity: 0;
  }
  .flash-0::before {
    animation: cbm-flash-0 1s ease-out;
  }
  .flash-1::before {
    animation: cbm-flash-1 1s ease-out;
  }
  @keyframes cbm-flash-0 {
    from {
      opacity: 1;
    }
  }
  @keyframes cbm-flash-1 {
    from {
      opacity: 1;
    }
  }
  /* Narrow containers drop columns one at a time, so the asset name always keeps room. */
  @container (max-width: 640px) {
    .signals {
      display: none;
    }
    .trend {
      padding-inline-end: 12px;
    }
  }
  @container (max-width: 520px) {
    .trend {
      display: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .flash-0::before,
    .flash-1::before {
      animation: none;
    }
  }
`;
