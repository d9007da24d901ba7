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
  server: { port: 5173, proxy },
  preview: { port: Number(process.env.POINT_CLIENT_PORT ?? 4173), host: '127.0.0.1', proxy },
  build: { target: 'es2022' },
});
