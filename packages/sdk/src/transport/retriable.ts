// Apart from `transport.ts` so that the requests read it without loading the transport's chunk (and ky).

/** 408, 429 and every 5xx. */
export const RETRIABLE_STATUSES = [408, 429];
for (let status = 500; status < 600; status++) RETRIABLE_STATUSES.push(status);

/** 408, 429 and every 5xx: worth another attempt. */
export const isRetriableStatus = (status: number): boolean => RETRIABLE_STATUSES.includes(status);
