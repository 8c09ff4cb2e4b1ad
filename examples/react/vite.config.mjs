import { defineConfig } from 'vite';

// Plain Vite: esbuild compiles the JSX (no React plugin needed). nanostores reads process.env.NODE_ENV.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
  server: { proxy: { '/api': process.env.CBM_API_URL ?? 'http://localhost:5001' } },
});
