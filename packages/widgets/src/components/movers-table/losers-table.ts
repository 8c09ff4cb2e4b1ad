import { TOPIC_TABLE } from '@cbmo4ers/contract';
import { CbmLosersTable } from './losers-table.component.js';

CbmLosersTable.define(TOPIC_TABLE.losers.element);

export { CbmLosersTable };

declare global {
  interface HTMLElementTagNameMap {
    [TOPIC_TABLE.losers.element]: CbmLosersTable;
  }
}
