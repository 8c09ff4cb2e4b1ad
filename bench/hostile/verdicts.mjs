// How a hostile case is judged: refused (by the case's own rule) and nothing leaked in the response.

// Things that must never appear in a response: stack frames, our paths, files from outside the dashboard.
const LEAKS = [
  /\n\s+at /,
  /\/work\//,
  /node_modules/,
  /packages\/server/,
  /root:x:0:0/,
  /"dependencies"/,
  /"devDependencies"/,
  /\[core\]/,
  /file:\/\//,
  /ENOENT|EISDIR|EACCES/,
];

export function leaks(response) {
  return LEAKS.filter((pattern) => pattern.test(response.text)).map(String);
}

/**
 * Records one case in `results` and returns its entry (callers add a `detail`). `refused(response)` is the
 * case's rule; `extra` lists problems found by the caller.
 */
export function check(results, group, name, response, { refused, extra = [] }) {
  const leaked = leaks(response);
  const problems = [...extra];
  if (leaked.length > 0) problems.push(`leaked ${leaked.join(' ')}`);
  const ok = refused(response) && problems.length === 0;
  const entry = {
    group,
    name,
    status: response.status ?? response.closedBy,
    ms: response.ms,
    ok,
    problems: ok
      ? ''
      : problems.join('; ') || `not refused: ${response.text.slice(0, 120).replace(/\r\n/g, ' ')}`,
  };
  results.push(entry);
  return entry;
}

export const isJsonError = (r) => {
  try {
    return typeof JSON.parse(r.body).error?.code === 'string';
  } catch {
    return false;
  }
};

export const refused4xx = (r) => r.status >= 400 && r.status < 500 && isJsonError(r);

export const noInjected = (r) =>
  Object.keys(r.headers).some((name) => name === 'set-cookie' || name === 'x-injected')
    ? ['injected header in the response']
    : [];
