import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeOpaquePng } from './opaque-png.ts';

describe('opaque PNG encoding', () => {
  // Two by two pixels: red, green / blue, white; alpha bytes vary to show they are dropped.
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 10, 0, 0, 255, 0, 255, 255, 255, 255]);

  it('writes an 8-bit RGB image header', () => {
    const png = encodeOpaquePng(rgba, 2, 2);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([2, 2, 8, 2]);
  });

  it('stores each row unfiltered with the alpha bytes dropped', () => {
    const png = encodeOpaquePng(rgba, 2, 2);
    const idat = png.indexOf('IDAT');
    const data = png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4));
    expect([...inflateSync(data)]).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() => encodeOpaquePng(rgba, 3, 2)).toThrow('expected 24 bytes of RGBA for 3×2, got 16');
  });
});
