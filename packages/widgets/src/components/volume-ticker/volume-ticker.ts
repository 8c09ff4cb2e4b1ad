import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { CbmVolumeTicker } from './volume-ticker.component.js';

CbmVolumeTicker.define(TOPIC_TABLE.bottomBanner.element);

export { CbmVolumeTicker };

declare global {
  interface HTMLElementTagNameMap {
    [TOPIC_TABLE.bottomBanner.element]: CbmVolumeTicker;
  }
}
