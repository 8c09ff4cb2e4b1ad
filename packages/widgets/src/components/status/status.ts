import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { CbmStatus } from './status.component.js';

CbmStatus.define(TOPIC_TABLE.health.element);

export { CbmStatus };

declare global {
  interface HTMLElementTagNameMap {
    [TOPIC_TABLE.health.element]: CbmStatus;
  }
}
