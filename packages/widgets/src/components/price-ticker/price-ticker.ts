import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { CbmPriceTicker } from './price-ticker.component.js';

CbmPriceTicker.define(TOPIC_TABLE.topBanner.element);

export { CbmPriceTicker };

declare global {
  interface HTMLElementTagNameMap {
    [TOPIC_TABLE.topBanner.element]: CbmPriceTicker;
  }
}
