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

document.addEventListener('cbm-update', (event) => {
  const envelope = event.detail?.data;
  if (!envelope || typeof envelope.as_of !== 'number') return;
  const label = SOURCES[envelope.source] ?? String(envelope.source);
  source.textContent = envelope.stale ? `${label} (stale)` : label;
  const at = new Date(envelope.as_of);
  updated.dateTime = at.toISOString();
  updated.textContent = at.toLocaleTimeString();
});

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  for (const widget of widgets()) widget.setAttribute('theme', theme);
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
