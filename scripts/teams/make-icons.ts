/**
 * Draws the two icons a Teams app package needs: color.png (192x192, full colour) and outline.png
 * (32x32, white on transparent). Run: npm run teams:icons (the PNGs are committed in teams/).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng, type Image } from './png.js';

const ACCENT = [0x2e, 0x5a, 0xac] as const;

/** Paints every pixel of a square image. */
function draw(size: number, paint: (x: number, y: number) => [number, number, number, number]): Image {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(paint(x, y), (y * size + x) * 4);
  }
  return { width: size, height: size, rgba };
}

/** Two overlapping rings (two partners): the share of 4x4 samples of a pixel that fall on a ring. */
function ringCoverage(px: number, py: number, size: number, stroke: number): number {
  const r = size * 0.22;
  const centres = [
    [size * 0.38, size * 0.5],
    [size * 0.62, size * 0.5],
  ] as const;
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = px + (sx + 0.5) / 4;
      const y = py + (sy + 0.5) / 4;
      const onRing = centres.some(([cx, cy]) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= stroke / 2);
      if (onRing) hits++;
    }
  }
  return hits / 16;
}

export function colorIcon(): Image {
  const size = 192;
  return draw(size, (x, y) => {
    const c = ringCoverage(x, y, size, 12);
    const mix = (bg: number) => Math.round(bg + (255 - bg) * c);
    return [mix(ACCENT[0]), mix(ACCENT[1]), mix(ACCENT[2]), 255];
  });
}

export function outlineIcon(): Image {
  const size = 32;
  return draw(size, (x, y) => [255, 255, 255, Math.round(255 * ringCoverage(x, y, size, 2.5))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('../../teams/', import.meta.url));
  writeFileSync(`${dir}color.png`, encodePng(colorIcon()));
  writeFileSync(`${dir}outline.png`, encodePng(outlineIcon()));
  process.stdout.write(`Wrote ${dir}color.png (192x192) and ${dir}outline.png (32x32).\n`);
}
