import { CbmMoversTable } from './movers-table.component.js';

/**
 * The biggest 3-minute gainers, rising first.
 *
 * @tagname cbm-gainers-table
 * @summary A live table of the top 3-minute gainers.
 */
export class CbmGainersTable extends CbmMoversTable<'gainers'> {
  protected readonly heading = 'Top gainers';
  protected readonly emptyText = 'No gainers right now.';

  constructor() {
    super('gainers');
  }
}
