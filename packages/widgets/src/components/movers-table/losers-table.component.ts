import { CbmMoversTable } from './movers-table.component.js';

/**
 * The biggest 3-minute losers, the steepest fall first.
 *
 * @tagname cbm-losers-table
 * @summary A live table of the top 3-minute losers.
 */
export class CbmLosersTable extends CbmMoversTable<'losers'> {
  protected readonly heading = 'Top losers';
  protected readonly emptyText = 'No losers right now.';

  constructor() {
    super('losers');
  }
}
