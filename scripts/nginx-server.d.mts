/** Types for nginx-server.mjs (plain ESM, like redis-server.mjs). */

/** infra/nginx/etapiste.conf.template. */
export const NGINX_TEMPLATE: string;

/** `${NAME}` → values[NAME]; a variable the template uses but `values` lacks is an error. */
export function renderTemplate(template: string, values: Record<string, string>): string;

/** A self-signed certificate for localhost and 127.0.0.1 (valid one day) in `dir`. */
export function selfSignedCertificate(dir: string, commonName?: string): { cert: string; key: string };

export interface RunningNginx {
  /** `https://localhost:<httpsPort>` */
  url: string;
  httpsPort: number;
  /** Plain HTTP: answers with a redirect to HTTPS. */
  httpPort: number;
  /** Its folder: nginx.conf, the rendered etapiste.conf, access.log (with `upstream=`), error.log. */
  dir: string;
  errors(): string;
  stop(): Promise<void>;
}

/** nginx with the production site configuration, in front of `signaling` (URLs), serving both app builds. */
export function startNginx(options: {
  signaling: string[];
  pointRoot: string;
  consoleRoot: string;
  cert: string;
  key: string;
}): Promise<RunningNginx>;
