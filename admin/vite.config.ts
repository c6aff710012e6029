import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiPort = process.env.PORT ?? '4000';

// The editors' app: served by the API server at /admin (admin/dist), or by Vite in development
// with /graphql proxied to the API so the session cookie stays same-origin.
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
  },
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    proxy: { '/graphql': { target: `http://localhost:${apiPort}`, changeOrigin: false } },
  },
});
