/** The largest side of a logo image (Tryton's [company] logo_size_max). */
export const LOGO_SIZE_MAX = 2048;

/** The pixel size of a PNG (its IHDR chunk), or null for another format. */
export function pngSize(image: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (image.length < 24 || image.subarray(0, 8).toString('hex') !== signature) return null;
  if (image.subarray(12, 16).toString('ascii') !== 'IHDR') return null;
  return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
}

/**
 * The size of a logo shown within width × height (Tryton's thumbnail): the aspect ratio kept, never
 * enlarged; the box itself when the image's own size is unknown.
 */
export function fitSize(image: Buffer, width: number, height: number): { width: number; height: number } {
  const own = pngSize(image);
  if (!own || !own.width || !own.height) return { width, height };
  const ratio = Math.min(width / own.width, height / own.height, 1);
  return {
    width: Math.max(1, Math.round(own.width * ratio)),
    height: Math.max(1, Math.round(own.height * ratio)),
  };
}
