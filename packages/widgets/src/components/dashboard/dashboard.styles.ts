import { css } from 'lit';

export const dashboardStyles = css`
  :host {
    container-type: inline-size;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 12px;
    overflow: visible;
    background: none;
    border: 0;
    border-radius: 0;
  }
  .tables {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 12px;
  }
  @container (max-width: 760px) {
    .tables {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
