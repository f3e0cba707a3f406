import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { numberParameter } from './number-parameter.ts';

const parameter = numberParameter(z.coerce.number({ error: 'must be a number' }));

describe('numberParameter', () => {
  it.each([
    ['12', 12],
    ['-0.25', -0.25],
    ['+3', 3],
    ['.5', 0.5],
    ['1e-7', 1e-7],
  ])('reads %s as %d', (text, expected) => {
    expect(parameter.parse(text)).toBe(expected);
  });

  it.each(['', ' ', ' 5', '0x10', 'Infinity', '1,5', 'NaN'])(
    'refuses %j instead of reading it as a number',
    (text) => {
      const result = parameter.safeParse(text);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must be a number']);
    },
  );

  it('is documented as a number a client may not send as null', () => {
    const app = new OpenAPIHono();
    const query = z.object({ offset: parameter.optional() });
    const route = createRoute({
      method: 'get',
      path: '/page',
      request: { query },
      responses: { 204: { description: 'none' } },
    });
    app.openapi(route, (c) => c.body(null, 204));
    const document = app.getOpenAPIDocument({ openapi: '3.0.0', info: { title: 't', version: '1' } });
    const [offset] = document.paths['/page']?.get?.parameters ?? [];
    expect(offset).toMatchObject({ name: 'offset', in: 'query', schema: { type: 'number' } });
    expect(offset && 'schema' in offset ? offset.schema : undefined).not.toHaveProperty('nullable');
  });
});
