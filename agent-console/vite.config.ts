import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app talks to signaling on its own origin; locally Vite proxies the API and the socket, in
// production the reverse proxy in infra/ does the same.
const signaling = process.env.SIGNALING_URL ?? 'http://127.0.0.1:8080';
const proxy = {
  '/api': { target: signaling },
  '/socket.io': { target: signaling, ws: true },
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5174, proxy },
  preview: { port: Number(process.env.AGENT_CONSOLE_PORT ?? 4174), host: '127.0.0.1', proxy },
  // Relative asset paths: the same build is served at / (vite preview) and at /console/ behind
  // the one-origin proxy (infra/nginx/etapiste.conf.template).
  base: './',
  build: { target: 'es2022' },
});
