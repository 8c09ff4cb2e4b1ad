import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { CbmGainersTable } from './gainers-table.component.js';

CbmGainersTable.define(TOPIC_TABLE.gainers.element);

export { CbmGainersTable };

declare global {
  interface HTMLElementTagNameMap {
    [TOPIC_TABLE.gainers.element]: CbmGainersTable;
  }
}
