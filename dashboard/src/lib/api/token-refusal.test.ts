import { describe, expect, it } from 'vitest';
import { ApiRequestError, tokenRefusal } from './client.ts';

describe('tokenRefusal', () => {
  it('names a refused token by its status: 401 none or unknown, 403 a viewer where admin is needed', () => {
    expect(tokenRefusal(new ApiRequestError(401, 'unauthorized', 'no token'))).toBe(401);
    expect(tokenRefusal(new ApiRequestError(403, 'forbidden', 'admin only'))).toBe(403);
  });

  it('is null for any other failure, which no token would mend', () => {
    expect(tokenRefusal(new ApiRequestError(400, 'bad_request', 'plan: …'))).toBeNull();
    expect(tokenRefusal(new ApiRequestError(0, 'network', 'the server did not answer'))).toBeNull();
    expect(tokenRefusal(new Error('401'))).toBeNull();
  });
});
