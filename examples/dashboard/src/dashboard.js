// Page glue only (the widgets do the work): the footer shows where the data comes from and when it was
// computed, and the theme picker sets every widget's theme. An external file, so the page runs under a CSP
// without 'unsafe-inline'.
const source = document.getElementById('source');
const updated = document.getElementById('updated');
const themePicker = document.getElementById('theme');
const widgets = () =>
  document.querySelectorAll(
    'cbm-status, cbm-price-ticker, cbm-volume-ticker, cbm-gainers-table, cbm-losers-table',
  );

const SOURCES = { simulated: 'simulated market (demo)', coinbase: 'Coinbase Exchange', replay: 'replay' };
// One formatter for the page's life, made at the first update (not while the page loads: the first date
// format of a page costs tens of milliseconds). Every widget reports the same snapshot, so the footer is only
// rewritten when it changes, and in a task of its own: `cbm-update` fires inside the widget's data task, and
// a phone should not pay for the footer there.
let clock;
let shown = '';
let latest;

function renderFooter() {
  const envelope = latest;
  latest = undefined;
  const label = SOURCES[envelope.source] ?? String(envelope.source);
  const text = envelope.stale ? `${label} (stale)` : label;
  if (`${envelope.as_of}|${text}` === shown) return;
  shown = `${envelope.as_of}|${text}`;
  source.textContent = text;
  updated.dateTime = new Date(envelope.as_of).toISOString();
  clock ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
  updated.textContent = clock.format(envelope.as_of);
}

document.addEventListener('cbm-update', (event) => {
  const envelope = event.detail?.data;
  if (!envelope || typeof envelope.as_of !== 'number') return;
  if (!latest) setTimeout(renderFooter);
  latest = envelope;
});

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  // Only where it changes: the page starts with theme="auto", and a needless change renders every widget again.
  for (const widget of widgets())
    if (widget.getAttribute('theme') !== theme) widget.setAttribute('theme', theme);
}

const saved = (() => {
  try {
    return localStorage.getItem('cbm-theme');
  } catch {
    return null;
  }
})();
if (saved === 'light' || saved === 'dark' || saved === 'auto') themePicker.value = saved;
applyTheme(themePicker.value);
themePicker.addEventListener('change', () => {
  applyTheme(themePicker.value);
  try {
    localStorage.setItem('cbm-theme', themePicker.value);
  } catch {
    // Storage can be unavailable (private mode, blocked cookies); the choice just is not remembered.
  }
});
