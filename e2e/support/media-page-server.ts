/** Bundles the media test page (media-page/page.ts, with call-client) and serves it on a free port. */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './browser.js';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function startMediaPageServer(): Promise<PageServer> {
  const bundle = await build({
    entryPoints: [join(repoRoot, 'e2e', 'support', 'media-page', 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>media test page</title></head>' +
    '<body><script type="module" src="/page.js"></script></body></html>';
  const server: Server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
