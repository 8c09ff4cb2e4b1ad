import { CbmStatus } from './status.component.js';

// A second copy of the bundle on the page must not throw.
if (!customElements.get('cbm-status')) customElements.define('cbm-status', CbmStatus);

export { CbmStatus };

declare global {
  interface HTMLElementTagNameMap {
    'cbm-status': CbmStatus;
  }
}
