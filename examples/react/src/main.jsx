import { configure } from '@cbmo4ers/widgets';
import { GainersTable, LosersTable, PriceTicker, Status } from '@cbmo4ers/widgets/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

// In development Vite proxies /api to the server (CBM_API_URL, default http://localhost:5001).
configure({ api: window.location.origin });

function App() {
  const [selected, setSelected] = useState(null);
  return (
    <main style={{ fontFamily: 'system-ui', maxWidth: 1100, margin: '0 auto', padding: 16 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Movers</h1>
        <Status live />
      </header>
      <PriceTicker live />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
          gap: 16,
          marginTop: 16,
        }}
      >
        <GainersTable
          live
          limit={10}
          onCbmSelect={(event) => {
            // Keep the user in the app instead of following the link.
            event.preventDefault();
            setSelected(event.detail.symbol);
          }}
        />
        <LosersTable live limit={10} />
      </div>
      <p aria-live="polite">{selected ? `You picked ${selected}.` : 'Pick a gainer to select it.'}</p>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
