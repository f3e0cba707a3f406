/**
 * Encodes opaque RGBA pixels as an RGB PNG (colour type 2, no alpha channel). Canvas encoders always write
 * RGBA, and pdfkit must then decode every pixel in JavaScript to split the alpha channel off, which took most
 * of the PDF's rendering time; an RGB PNG's compressed data goes into the PDF as it is.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 8;
const COLOR_TYPE_RGB = 2;
const FILTER_NONE = 0;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/** `rgba` holds width × height pixels, 4 bytes each, row by row; the alpha bytes are dropped. */
export function encodeOpaquePng(rgba: Uint8Array, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `expected ${width * height * 4} bytes of RGBA for ${width}×${height}, got ${rgba.length}`,
    );
  }
  const rowLength = 1 + width * 3;
  const scanlines = Buffer.alloc(rowLength * height);
  for (let y = 0; y < height; y += 1) {
    let target = y * rowLength;
    scanlines[target++] = FILTER_NONE;
    let source = y * width * 4;
    for (let x = 0; x < width; x += 1, source += 4) {
      scanlines[target++] = rgba[source] ?? 0;
      scanlines[target++] = rgba[source + 1] ?? 0;
      scanlines[target++] = rgba[source + 2] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(BIT_DEPTH, 8);
  header.writeUInt8(COLOR_TYPE_RGB, 9);
  // Bytes 10-12 stay 0: deflate compression, adaptive filtering, no interlace.
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
