import { css } from 'lit';

export const tickerStyles = css`
  /* The track is as wide as its content; without this the host's intrinsic width would follow it, and so
     would the viewport the track measures (a grid or flex parent would grow without end). */
  :host {
    contain: inline-size;
  }
  .base {
    display: flex;
    align-items: center;
    height: calc(var(--_row) + 2px);
  }
  .pause {
    flex: none;
    display: grid;
    place-items: center;
    width: 32px;
    height: 28px;
    margin: 0 6px;
    padding: 0;
  }
  .pause svg {
    width: 12px;
    height: 12px;
    fill: currentColor;
  }
  /* Sized by the strip alone (strict containment), so what changes in the track is laid out there and
     nowhere else on the page. */
  .viewport {
    flex: 1;
    min-width: 0;
    height: 100%;
    overflow: hidden;
    contain: strict;
    scrollbar-width: thin;
    /* Focus scrolls an item into view clear of the faded edges (less than the copy's end padding, so the loop
       stays seamless from any such scroll position). */
    scroll-padding-inline: 24px;
    mask-image: linear-gradient(to right, transparent, #000 16px, #000 calc(100% - 16px), transparent);
  }
  .track {
    display: flex;
    width: max-content;
    height: 100%;
    /* Holds still before it scrolls: the first items can be read where they appear, and the page loads without
       a running animation (every frame of one is composited, which on a phone competes with the load). */
    animation: cbm-marquee var(--_duration, 60s) linear var(--cbm-ticker-hold, 2s) infinite;
  }
  .base:hover .track,
  .base:focus-within .track,
  .paused .track {
    animation-play-state: paused;
  }
  /* An item with keyboard focus: the strip stands at its start, so the browser's scrolling of the focused
     item into view is what places it, and nothing moves it away. */
  .track:has(:focus-visible) {
    animation: none;
  }
  @keyframes cbm-marquee {
    to {
      transform: translateX(-50%);
    }
  }
  /* The skeleton too: its bones stand where the items will. */
  .copy {
    display: flex;
    align-items: center;
    gap: 28px;
    height: 100%;
    min-width: var(--_viewport, 0);
    margin: 0;
    /* The first item starts where the faded end does. */
    padding: 0 28px 0 16px;
    list-style: none;
  }
  .item {
    display: flex;
    gap: 6px;
    align-items: baseline;
    white-space: nowrap;
  }
  .symbol,
  .change {
    font-weight: 600;
  }
  .skeleton .bone {
    flex: none;
    width: 120px;
  }
  .stale {
    position: absolute;
    inset-inline-end: 8px;
    top: 50%;
    transform: translateY(-50%);
    box-shadow: 0 0 0 4px var(--_bg);
  }
  @media (prefers-reduced-motion: reduce) {
    .track {
      animation: none;
    }
    .copy[aria-hidden='true'],
    .pause {
      display: none;
    }
    /* Every item is reached by scrolling (wheel, swipe, scroll bar, or the arrow keys), none hidden at the ends. */
    .viewport {
      overflow-x: auto;
      mask-image: none;
    }
  }
`;
