/**
 * The shop's pictures. The ERP's products carry no image, so each product, category and the home page
 * get a still life drawn from their id: deterministic, so its URL is known before any API answer (and
 * can be preloaded in the head) and it is cached for good.
 */

const PALETTES = [
  ['#f3e9dc', '#c08552', '#5e3023', '#895737'],
  ['#e8f1f2', '#1b98e0', '#13293d', '#247ba0'],
  ['#f4f1de', '#e07a5f', '#3d405b', '#81b29a'],
  ['#fefae0', '#dda15e', '#283618', '#606c38'],
  ['#f8edeb', '#e5989b', '#6d6875', '#b5838d'],
  ['#edf6f9', '#83c5be', '#006d77', '#e29578'],
];

/** A small deterministic generator (mulberry32) so a picture never changes for a given id. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stillLife(seed: number, width: number, height: number): string {
  const random = generator(seed * 2654435761);
  const [paper, accent, ink, soft] = PALETTES[seed % PALETTES.length];
  const shapes: string[] = [];
  const ground = Math.round(height * (0.62 + random() * 0.1));
  shapes.push(
    `<rect x="0" y="${ground}" width="${width}" height="${height - ground}" fill="${soft}" opacity="0.35"/>`,
  );
  const count = 2 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const x = Math.round(width * (0.15 + (0.7 * (i + random() * 0.6)) / count));
    const size = Math.round(Math.min(width, height) * (0.16 + random() * 0.2));
    const fill = [accent, ink, soft][i % 3];
    if (random() < 0.5) {
      shapes.push(`<circle cx="${x}" cy="${ground - size}" r="${size}" fill="${fill}"/>`);
    } else {
      const w = Math.round(size * (0.8 + random()));
      shapes.push(
        `<rect x="${x - w / 2}" y="${ground - 2 * size}" width="${w}" height="${2 * size}" rx="${Math.round(size / 5)}" fill="${fill}"/>`,
      );
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="${paper}"/>${shapes.join('')}</svg>`
  );
}

export const IMAGE_SIZES = {
  product: [800, 600],
  category: [1600, 500],
  hero: [1600, 700],
} as const;

export type ImageKind = keyof typeof IMAGE_SIZES;

export const imageUrl = (kind: ImageKind, id = 0) =>
  kind === 'hero' ? '/img/hero.svg' : `/img/${kind}/${id}.svg`;

/** The SVG of /img/... paths, or null for anything else. */
export function imageFor(path: string): string | null {
  if (path === '/img/hero.svg') return stillLife(7, ...IMAGE_SIZES.hero);
  const m = /^\/img\/(product|category)\/([1-9]\d{0,9})\.svg$/.exec(path);
  if (!m) return null;
  const kind = m[1] as 'product' | 'category';
  const [width, height] = IMAGE_SIZES[kind];
  return stillLife(Number(m[2]) + (kind === 'category' ? 1000 : 0), width, height);
}
