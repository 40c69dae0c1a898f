import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { LocalPki } from './certs.ts';

export interface ApiResponse {
  status: number;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: unknown;
  text: string;
  /** `Warning` headers, without their `299 - ` prefix and quotes. */
  warnings: string[];
}

/** A minimal HTTPS client for the local API server, authenticated by the admin client certificate. */
export class ApiClient {
  readonly #agent: Agent;
  readonly #port: number;

  constructor(port: number, pki: LocalPki) {
    this.#port = port;
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: 16,
      ca: readFileSync(pki.caCert),
      cert: readFileSync(pki.adminCert),
      key: readFileSync(pki.adminKey),
    });
  }

  request(
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method,
          path,
          agent: this.#agent,
          headers: {
            accept: 'application/json',
            ...(body === undefined
              ? {}
              : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            const raw = res.headers.warning;
            const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
            resolve({
              status: res.statusCode ?? 0,
              body: parsed,
              text,
              warnings: list.flatMap(parseWarnings),
            });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer from the API server in 60 s`)),
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** `299 - "text", 299 - "other"` -> ['text', 'other'] (RFC 7234 warn-text, quotes escaped with \). */
export function parseWarnings(header: string): string[] {
  const out: string[] = [];
  const re = /\d{3} \S+ "((?:[^"\\]|\\.)*)"/g;
  for (const m of header.matchAll(re)) out.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
  return out;
}
