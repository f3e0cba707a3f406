/** The security tests' client for requests fetch would not send as written. */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * An HTTP request sent as written: the path is not normalized (fetch would resolve `..`), and a declared
 * Content-Length may differ from the bytes actually sent.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
          outgoing.destroy();
        });
      },
    );
    outgoing.on('error', reject);
    if (options.body) outgoing.write(options.body);
    // A declared length larger than the body leaves the request open: the server must answer it anyway.
    const declared = options.headers?.['Content-Length'];
    if (declared === undefined || Number(declared) === (options.body?.length ?? 0)) outgoing.end();
  });
}
