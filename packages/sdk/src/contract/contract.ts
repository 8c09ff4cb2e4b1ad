import type { Topic } from './wire.js';

/*
 * Cheap shape checks, not a schema library: each spec is `field:type` pairs where the type is one letter
 * (s string, n finite number, b boolean, a array, o object). Compact strings keep the bundle small.
 */
const ENVELOPE =
  'count:number,time_frame:string,last_updated:string,as_of:number,stale:boolean,source:string,update_interval:number,data:array';
const NAMES = 'symbol:string,base:string,name:string,current_price:number,url:string';
const MOVER = `${NAMES},rank:number,initial_price_3min:number,price_change_percentage_3min:number,actual_interval_minutes:number,volume_24h:number,momentum:string,alert_level:string,sparkline:array`;
const PRICE = `${NAMES},initial_price_1h:number,price_change_1h:number,volume_24h:number`;
const VOLUME = `${NAMES},volume_1h:number,volume_prev_1h:number,volume_change_1h:number,price_change_1h:number`;
const HEALTH =
  'status:string,timestamp:string,version:string,uptime_seconds:number,upstreams:object,cache:object,data:object,stream:object,cluster:object';

/** Per topic: fields of the body, its `component`, and the fields of each row. */
const SPECS: Record<Topic, [body: string, component?: string, row?: string]> = {
  gainers: [ENVELOPE, 'gainers_table', MOVER],
  losers: [ENVELOPE, 'losers_table', MOVER],
  topBanner: [ENVELOPE, 'top_banner_scroll', PRICE],
  bottomBanner: [ENVELOPE, 'bottom_banner_scroll', VOLUME],
  health: [HEALTH],
};

/** Every topic, in the order of the stream's `topics` parameter. */
export const TOPICS = Object.keys(SPECS) as Topic[];

/** Endpoint slug and stream event name of a topic: its component name in kebab case (`gainers-table`). */
export const slugOf = (topic: Topic): string => SPECS[topic][1]?.replace(/_/g, '-') ?? topic;

// JSON has no NaN or Infinity, so `typeof` is all a number needs.
const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const checkFields = (value: unknown, spec: string, path: string): string | undefined => {
  if (typeOf(value) !== 'object') return `${path.slice(0, -1) || 'body'}: expected object`;
  for (const pair of spec.split(',')) {
    const [field, type] = pair.split(':') as [string, string];
    if (typeOf((value as Record<string, unknown>)[field]) !== type) {
      return `${path}${field}: expected ${type}`;
    }
  }
  return undefined;
};

/**
 * Checks a response body against the contract of a topic.
 * @returns a description of the first problem found, or `undefined` when the body fits.
 */
export const checkContract = (topic: Topic, body: unknown): string | undefined => {
  const [spec, component, rowSpec] = SPECS[topic];
  let problem = checkFields(body, spec, '');
  const record = body as Record<string, unknown>;
  if (!problem && component && record.component !== component) problem = `component: expected "${component}"`;
  if (!problem && rowSpec) {
    (record.data as unknown[]).some((row, index) => (problem = checkFields(row, rowSpec, `data[${index}].`)));
  }
  return problem;
};
