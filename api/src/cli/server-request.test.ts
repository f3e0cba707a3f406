import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure, UsageError } from './command.ts';
import { requestFromServer } from './server-request.ts';

describe('requestFromServer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Answers as churnlens does: 400 naming the parameter, 403 saying why.
    server = createServer((request, response) => {
      const status = request.url?.startsWith('/bad') ? 400 : 403;
      const message =
        status === 400 ? 'tenure: must be one of 0-30d, 31-90d' : 'this route needs an admin token';
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: status === 400 ? 'bad_request' : 'forbidden', message }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('fails as a usage error naming the option when the server refuses a parameter, as a local run does', async () => {
    const failure = requestFromServer(url, '/bad');
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow('--tenure: must be one of 0-30d, 31-90d');
  });

  it("fails with the server's own words on any other error", async () => {
    const failure = requestFromServer(url, '/admin');
    await expect(failure).rejects.toBeInstanceOf(CommandFailure);
    await expect(failure).rejects.toThrow(`${url}/admin answered 403: this route needs an admin token`);
  });
});
