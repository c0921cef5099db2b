#!/usr/bin/env node
// Generates the images of the demo publication (demo/bundle.json) into demo/images/.
//
//   node scripts/make-demo-images.mjs            # writes every image the bundle names
//   node scripts/make-demo-images.mjs --check    # only reports missing files, writes nothing
//
// The demo magazine has no real photographs. Every `media` entry of the bundle becomes a
// piece of abstract editorial art, drawn as SVG and encoded by sharp as a mozjpeg JPEG:
//
// - The picture is a pure function of the media entry: a 32-bit FNV-1a hash of its id seeds
//   a small PRNG (mulberry32) that picks the palette, the aspect ratio, the composition and
//   the film grain. Running the script twice produces byte-identical files.
// - The motif follows the entry's `alt` text: the first of sea, mountains, desert, city,
//   map or hall words that it names (its subject), so the alt text describes what the art
//   actually shows. Media used as an author's `image` become 600×600 portrait silhouettes.
// - Article art is about 1600 px wide in varied aspect ratios (16:10, 3:2, 16:9, 4:3).
// - No text is ever drawn. Each article image is kept near 40–90 KB and each portrait near
//   20–60 KB (quality 72, mozjpeg; the strength of the film grain is adjusted
//   deterministically when a file falls outside its range).
//
// The generated files are committed in demo/images/; this script documents how they were made.

import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
const demoDir = resolve(here, '..', 'demo');
const bundlePath = resolve(demoDir, 'bundle.json');

const MIN_BYTES = 40 * 1024;
const MAX_BYTES = 90 * 1024;
const QUALITY = 72;

// ---------------------------------------------------------------- randomness

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRng(id, salt = '') {
  const r = mulberry32(fnv1a(`${salt}:${id}`));
  const rng = {
    next: r,
    range: (lo, hi) => lo + (hi - lo) * r(),
    int: (lo, hi) => Math.floor(lo + (hi - lo + 1) * r()),
    pick: (arr) => arr[Math.floor(r() * arr.length)],
    chance: (p) => r() < p,
  };
  return rng;
}

// ---------------------------------------------------------------- colour

// Editorial palettes: [sky top, sky bottom, ground/sea, deep, accent, paper]
// as HSL triples; each image jitters the hues a little around one of them.
const PALETTES = [
  {
    name: 'harbour dusk',
    sky: [214, 38, 30],
    glow: [28, 70, 68],
    ground: [210, 42, 22],
    deep: [222, 45, 12],
    accent: [14, 72, 56],
    paper: [40, 30, 90],
  },
  {
    name: 'ochre steppe',
    sky: [38, 45, 78],
    glow: [30, 80, 62],
    ground: [32, 38, 48],
    deep: [20, 30, 20],
    accent: [8, 62, 46],
    paper: [42, 40, 91],
  },
  {
    name: 'slate coral',
    sky: [200, 18, 62],
    glow: [10, 75, 70],
    ground: [205, 20, 38],
    deep: [210, 25, 16],
    accent: [6, 70, 60],
    paper: [30, 22, 92],
  },
  {
    name: 'teal morning',
    sky: [186, 35, 70],
    glow: [48, 80, 74],
    ground: [180, 38, 30],
    deep: [190, 45, 13],
    accent: [22, 78, 58],
    paper: [60, 25, 92],
  },
  {
    name: 'plum amber',
    sky: [280, 22, 32],
    glow: [36, 85, 64],
    ground: [268, 24, 22],
    deep: [260, 30, 10],
    accent: [34, 88, 56],
    paper: [36, 30, 90],
  },
  {
    name: 'olive press',
    sky: [72, 18, 70],
    glow: [46, 60, 70],
    ground: [80, 20, 36],
    deep: [90, 24, 14],
    accent: [356, 58, 48],
    paper: [52, 30, 90],
  },
  {
    name: 'ink and red',
    sky: [220, 14, 86],
    glow: [0, 0, 96],
    ground: [222, 20, 30],
    deep: [225, 28, 10],
    accent: [358, 72, 48],
    paper: [40, 18, 94],
  },
  {
    name: 'cold front',
    sky: [205, 30, 82],
    glow: [195, 40, 94],
    ground: [208, 28, 46],
    deep: [215, 40, 18],
    accent: [190, 60, 40],
    paper: [200, 20, 95],
  },
  {
    name: 'desert noon',
    sky: [28, 60, 84],
    glow: [44, 95, 78],
    ground: [26, 55, 60],
    deep: [16, 40, 28],
    accent: [190, 45, 38],
    paper: [40, 50, 92],
  },
];

// Deserts in cold palettes read as snowfields, so they draw from the warm palettes only.
const WARM = new Set(['ochre steppe', 'desert noon', 'plum amber', 'slate coral', 'olive press', 'harbour dusk']);
const WARM_ONLY = new Set(['desert']);

function hsl([h, s, l], rng, jitter = 6) {
  const hh = (((h + rng.range(-jitter, jitter)) % 360) + 360) % 360;
  const ss = Math.max(0, Math.min(100, s + rng.range(-jitter / 2, jitter / 2)));
  const ll = Math.max(0, Math.min(100, l + rng.range(-jitter / 2, jitter / 2)));
  return `hsl(${hh.toFixed(1)},${ss.toFixed(1)}%,${ll.toFixed(1)}%)`;
}

function shade([h, s, l], dl, ds = 0) {
  return [h, Math.max(0, Math.min(100, s + ds)), Math.max(0, Math.min(100, l + dl))];
}

function mix(a, b, t) {
  let dh = b[0] - a[0];
  if (dh > 180) dh -= 360;
  if (dh < -180) dh += 360;
  return [(a[0] + dh * t + 360) % 360, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

// ---------------------------------------------------------------- geometry helpers

const f = (n) => Number(n.toFixed(1));

function ridge(rng, w, baseY, amp, steps, rough = 0.5) {
  // A random-walk ridgeline, smoothed, from x = -20 to x = w + 20.
  const pts = [];
  let y = baseY + rng.range(-amp, amp) * 0.5;
  let v = 0;
  for (let i = 0; i <= steps; i++) {
    const x = -20 + ((w + 40) * i) / steps;
    v = v * rough + rng.range(-amp, amp) * (1 - rough);
    y = Math.max(baseY - amp * 1.6, Math.min(baseY + amp, y + v));
    pts.push([x, y]);
  }
  return pts;
}

function smoothPath(pts) {
  // Catmull-Rom to cubic Bezier.
  let d = `M${f(pts[0][0])},${f(pts[0][1])}`;
  for (let i = 0; i < pts.length - 1; i++) {
    const p0 = pts[i - 1] || pts[i];
    const p1 = pts[i];
    const p2 = pts[i + 1];
    const p3 = pts[i + 2] || p2;
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += ` C${f(c1[0])},${f(c1[1])} ${f(c2[0])},${f(c2[1])} ${f(p2[0])},${f(p2[1])}`;
  }
  return d;
}

function closedBlob(rng, cx, cy, r, n = 14, wobble = 0.35) {
  const pts = [];
  const phase = rng.range(0, Math.PI * 2);
  const k1 = rng.int(2, 4);
  const k2 = rng.int(3, 6);
  const a1 = rng.range(0, wobble);
  const a2 = rng.range(0, wobble / 2);
  for (let i = 0; i < n; i++) {
    const t = (i / n) * Math.PI * 2;
    const rr = r * (1 + a1 * Math.sin(k1 * t + phase) + a2 * Math.cos(k2 * t - phase) + rng.range(-0.04, 0.04));
    pts.push([cx + Math.cos(t) * rr, cy + Math.sin(t) * rr * 0.8]);
  }
  return pts;
}

function closedPath(pts) {
  const n = pts.length;
  let d = `M${f(pts[0][0])},${f(pts[0][1])}`;
  for (let i = 0; i < n; i++) {
    const p0 = pts[(i - 1 + n) % n];
    const p1 = pts[i];
    const p2 = pts[(i + 1) % n];
    const p3 = pts[(i + 2) % n];
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += ` C${f(c1[0])},${f(c1[1])} ${f(c2[0])},${f(c2[1])} ${f(p2[0])},${f(p2[1])}`;
  }
  return `${d} Z`;
}

// ---------------------------------------------------------------- shared layers

function defs(rng, pal, w, h, { sunX, sunY }) {
  const top = hsl(pal.sky, rng);
  const bottom = hsl(mix(pal.sky, pal.glow, 0.65), rng);
  const glow = hsl(pal.glow, rng, 3);
  return `<defs>
  <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="${top}"/>
    <stop offset="0.7" stop-color="${bottom}"/>
    <stop offset="1" stop-color="${glow}"/>
  </linearGradient>
  <radialGradient id="sun" cx="${f(sunX / w)}" cy="${f(sunY / h)}" r="0.55" gradientUnits="objectBoundingBox">
    <stop offset="0" stop-color="${glow}" stop-opacity="0.95"/>
    <stop offset="0.25" stop-color="${glow}" stop-opacity="0.35"/>
    <stop offset="1" stop-color="${glow}" stop-opacity="0"/>
  </radialGradient>
  <linearGradient id="fade" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="#000" stop-opacity="0"/>
    <stop offset="1" stop-color="#000" stop-opacity="0.35"/>
  </linearGradient>
  <filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${f(w / 60)}"/></filter>
  <filter id="haze" x="-5%" y="-50%" width="110%" height="200%"><feGaussianBlur stdDeviation="${f(w / 400)}"/></filter>
</defs>`;
}

function skyLayer(rng, pal, w, h, sunX, sunY, sunR) {
  let s = `<rect width="${w}" height="${h}" fill="url(#sky)"/>`;
  s += `<rect width="${w}" height="${h}" fill="url(#sun)"/>`;
  // soft cloud banks
  const banks = rng.int(2, 4);
  for (let i = 0; i < banks; i++) {
    const cy = rng.range(h * 0.08, h * 0.42);
    const cx = rng.range(0, w);
    s += `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(rng.range(w * 0.15, w * 0.4))}" ry="${f(rng.range(h * 0.02, h * 0.06))}" fill="${hsl(shade(pal.glow, 10), rng)}" opacity="${f(rng.range(0.15, 0.35))}" filter="url(#soft)"/>`;
  }
  if (sunR > 0) {
    s += `<circle cx="${f(sunX)}" cy="${f(sunY)}" r="${f(sunR)}" fill="${hsl(shade(pal.glow, 12), rng, 2)}" opacity="${f(rng.range(0.75, 0.95))}"/>`;
  }
  return s;
}

function vignette(w, h) {
  return `<rect width="${w}" height="${h}" fill="url(#fade)"/>`;
}

// ---------------------------------------------------------------- motifs

function ship(rng, x, y, scale, color) {
  const L = 220 * scale;
  const H = 18 * scale;
  let s = `<g fill="${color}">`;
  s += `<path d="M${f(x)},${f(y - H)} L${f(x + L)},${f(y - H)} L${f(x + L * 0.94)},${f(y)} L${f(x + L * 0.05)},${f(y)} Z"/>`;
  // containers
  const stacks = rng.int(5, 9);
  for (let i = 0; i < stacks; i++) {
    const sx = x + L * 0.12 + (L * 0.62 * i) / stacks;
    const sh = H * rng.range(0.6, 1.6);
    s += `<rect x="${f(sx)}" y="${f(y - H - sh)}" width="${f((L * 0.62) / stacks - 2 * scale)}" height="${f(sh)}"/>`;
  }
  // bridge and funnel
  s += `<rect x="${f(x + L * 0.8)}" y="${f(y - H * 3.2)}" width="${f(L * 0.09)}" height="${f(H * 2.2)}"/>`;
  s += `<rect x="${f(x + L * 0.83)}" y="${f(y - H * 4)}" width="${f(L * 0.03)}" height="${f(H * 0.9)}"/>`;
  s += `</g>`;
  return s;
}

function seaScene(rng, pal, w, h, hints) {
  const horizon = h * rng.range(0.5, 0.64);
  const sunX = rng.range(w * 0.15, w * 0.85);
  const sunY = horizon - rng.range(h * 0.06, h * 0.3);
  const sunR = rng.range(w * 0.025, w * 0.06);
  let s = defs(rng, pal, w, h, { sunX, sunY });
  s += skyLayer(rng, pal, w, h, sunX, sunY, sunR);
  // distant coast
  if (rng.chance(0.75) || hints.coast) {
    const coast = ridge(rng, w, horizon - h * 0.02, h * 0.03, 24, 0.7);
    s += `<path d="${smoothPath(coast)} L${w + 20},${f(horizon + 2)} L-20,${f(horizon + 2)} Z" fill="${hsl(mix(pal.ground, pal.sky, 0.45), rng)}" opacity="0.85" filter="url(#haze)"/>`;
  }
  // water body
  s += `<rect x="0" y="${f(horizon)}" width="${w}" height="${f(h - horizon)}" fill="${hsl(pal.ground, rng)}"/>`;
  s += `<rect x="0" y="${f(horizon)}" width="${w}" height="${f(h - horizon)}" fill="url(#fade)"/>`;
  // waves
  const rows = rng.int(40, 70);
  for (let i = 0; i < rows; i++) {
    const t = i / rows;
    const y = horizon + (h - horizon) * Math.pow(t, 1.6) + 2;
    const segs = rng.int(3, 9);
    for (let j = 0; j < segs; j++) {
      const x = rng.range(-50, w);
      const len = rng.range(w * 0.03, w * 0.25) * (0.4 + t);
      const light = rng.chance(0.5);
      s += `<rect x="${f(x)}" y="${f(y)}" width="${f(len)}" height="${f(1 + t * 3)}" fill="${light ? hsl(shade(pal.glow, 5), rng) : hsl(pal.deep, rng)}" opacity="${f(rng.range(0.08, 0.35))}"/>`;
    }
  }
  // sun reflection
  for (let i = 0; i < 26; i++) {
    const y = horizon + 4 + i * rng.range(5, 14);
    if (y > h) break;
    const len = sunR * rng.range(0.6, 2.2) * (1 + i / 20);
    s += `<rect x="${f(sunX - len / 2 + rng.range(-8, 8))}" y="${f(y)}" width="${f(len)}" height="${f(rng.range(1.5, 4))}" fill="${hsl(pal.glow, rng, 2)}" opacity="${f(rng.range(0.25, 0.7))}"/>`;
  }
  // ships
  const n = hints.ships === 'many' ? rng.int(2, 3) : hints.ships;
  for (let i = 0; i < n; i++) {
    const depth = rng.range(0.0, 0.35);
    const sc = 0.35 + depth * 2.2;
    const x = rng.range(w * 0.05, w * 0.75);
    const y = horizon + (h - horizon) * depth * 0.8 + 3;
    s += ship(rng, x, y, sc, hsl(mix(pal.deep, pal.ground, 0.25 - depth * 0.5), rng));
  }
  // cranes on a quay, sometimes
  if (hints.cranes) {
    const qx = rng.chance(0.5) ? rng.range(0, w * 0.2) : rng.range(w * 0.7, w * 0.9);
    const col = hsl(mix(pal.deep, pal.sky, 0.35), rng);
    for (let i = 0; i < rng.int(2, 4); i++) {
      const cx = qx + i * w * 0.045;
      const ch = h * rng.range(0.12, 0.2);
      s += `<g stroke="${col}" stroke-width="${f(w / 500)}" fill="none"><path d="M${f(cx)},${f(horizon)} L${f(cx)},${f(horizon - ch)} M${f(cx + w * 0.025)},${f(horizon)} L${f(cx + w * 0.025)},${f(horizon - ch)} M${f(cx - w * 0.02)},${f(horizon - ch)} L${f(cx + w * 0.07)},${f(horizon - ch)} M${f(cx)},${f(horizon - ch * 0.6)} L${f(cx + w * 0.025)},${f(horizon - ch * 0.9)}"/></g>`;
    }
  }
  return s + vignette(w, h);
}

function mountainScene(rng, pal, w, h, hints) {
  const sunX = rng.range(w * 0.1, w * 0.9);
  const sunY = rng.range(h * 0.12, h * 0.4);
  const sunR = rng.chance(0.7) ? rng.range(w * 0.03, w * 0.07) : 0;
  let s = defs(rng, pal, w, h, { sunX, sunY });
  s += skyLayer(rng, pal, w, h, sunX, sunY, sunR);
  const layers = rng.int(4, 7);
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const base = h * (0.38 + 0.45 * t);
    const amp = h * (0.16 - 0.08 * t) * rng.range(0.7, 1.3);
    const pts = ridge(rng, w, base, amp, rng.int(14, 30), rng.range(0.3, 0.7));
    const col = hsl(mix(mix(pal.sky, pal.ground, 0.5), pal.deep, t), rng, 4);
    s += `<path d="${smoothPath(pts)} L${w + 20},${h + 20} L-20,${h + 20} Z" fill="${col}" ${i === 0 ? 'filter="url(#haze)"' : ''}/>`;
    // a pale mist band at the foot of each far range
    if (i < layers - 1) {
      s += `<rect x="0" y="${f(base + amp * 0.6)}" width="${w}" height="${f(h * 0.05)}" fill="${hsl(shade(pal.glow, 10), rng)}" opacity="${f(0.12 + 0.1 * (1 - t))}" filter="url(#haze)"/>`;
    }
  }
  // a lake or salt flat
  if (hints.lake) {
    const ly = h * rng.range(0.82, 0.9);
    s += `<ellipse cx="${f(rng.range(w * 0.3, w * 0.7))}" cy="${f(ly)}" rx="${f(w * rng.range(0.2, 0.4))}" ry="${f(h * 0.03)}" fill="${hsl(shade(pal.sky, 8), rng)}" opacity="0.7"/>`;
  }
  return s + vignette(w, h);
}

function desertScene(rng, pal, w, h, hints) {
  const sunX = rng.range(w * 0.2, w * 0.8);
  const sunY = rng.range(h * 0.15, h * 0.35);
  const sunR = rng.range(w * 0.05, w * 0.1);
  // the palette tints the sky; the dunes stay sand-coloured (hue kept near 30 degrees,
  // since mixing hues across the wheel would turn them green)
  const sandHue = 30 + rng.range(-8, 8);
  const sandSat = rng.range(38, 58);
  let s = defs(rng, pal, w, h, { sunX, sunY });
  s += skyLayer(rng, pal, w, h, sunX, sunY, sunR);
  // heat haze bands
  const hz = h * rng.range(0.5, 0.6);
  for (let i = 0; i < 6; i++) {
    s += `<rect x="0" y="${f(hz - i * 6)}" width="${w}" height="3" fill="${hsl(pal.glow, rng)}" opacity="${f(0.1 + i * 0.03)}" filter="url(#haze)"/>`;
  }
  const layers = rng.int(4, 6);
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const base = hz + (h - hz) * t * 0.85;
    const pts = ridge(rng, w, base, h * 0.05 * (1 + t), rng.int(5, 9), 0.8);
    const col = hsl([sandHue - t * 10, sandSat - t * 14, 66 - t * 40], rng, 4);
    s += `<path d="${smoothPath(pts)} L${w + 20},${h + 20} L-20,${h + 20} Z" fill="${col}"/>`;
    // wind ripples
    const ripples = rng.int(4, 10);
    for (let k = 0; k < ripples; k++) {
      const off = pts.map(([x, y]) => [x, y + (k + 1) * rng.range(5, 9) * (1 + t)]);
      s += `<path d="${smoothPath(off)}" fill="none" stroke="${hsl(shade(pal.deep, 10), rng)}" stroke-width="${f(1 + t)}" opacity="${f(rng.range(0.08, 0.2))}"/>`;
    }
  }
  // a line of shelters or trucks on the horizon
  if (hints.camp) {
    const n = rng.int(5, 14);
    const x0 = rng.range(w * 0.05, w * 0.5);
    const col = hsl(pal.deep, rng);
    for (let i = 0; i < n; i++) {
      const x = x0 + i * rng.range(w * 0.015, w * 0.035);
      const sz = rng.range(w * 0.006, w * 0.014);
      s += rng.chance(0.6)
        ? `<path d="M${f(x)},${f(hz + 4)} L${f(x + sz)},${f(hz + 4 - sz)} L${f(x + 2 * sz)},${f(hz + 4)} Z" fill="${col}" opacity="0.8"/>`
        : `<rect x="${f(x)}" y="${f(hz + 4 - sz * 0.8)}" width="${f(sz * 2.2)}" height="${f(sz * 0.8)}" fill="${col}" opacity="0.8"/>`;
    }
  }
  return s + vignette(w, h);
}

function cityScene(rng, pal, w, h, hints) {
  const sunX = rng.range(w * 0.1, w * 0.9);
  const sunY = rng.range(h * 0.1, h * 0.35);
  const sunR = rng.chance(0.5) ? rng.range(w * 0.02, w * 0.05) : 0;
  let s = defs(rng, pal, w, h, { sunX, sunY });
  s += skyLayer(rng, pal, w, h, sunX, sunY, sunR);
  const layers = 3;
  const domeAt = hints.dome ? rng.range(w * 0.2, w * 0.8) : -1;
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const ground = h * (0.7 + 0.15 * t);
    const col = hsl(mix(mix(pal.sky, pal.ground, 0.6), pal.deep, t), rng, 3);
    const lit = hsl(shade(pal.glow, 8), rng, 3);
    let x = -10;
    while (x < w) {
      const bw = rng.range(w * 0.03, w * 0.09) * (1 + t * 0.6);
      const bh = rng.range(h * 0.1, h * 0.38) * (1 - t * 0.35);
      s += `<rect x="${f(x)}" y="${f(ground - bh)}" width="${f(bw)}" height="${f(bh + h)}" fill="${col}"/>`;
      if (rng.chance(0.25)) {
        // a stepped top or mast
        s += `<rect x="${f(x + bw * 0.3)}" y="${f(ground - bh - h * 0.04)}" width="${f(bw * 0.4)}" height="${f(h * 0.04 + 1)}" fill="${col}"/>`;
      }
      if (i > 0) {
        const cols = Math.max(2, Math.floor(bw / 16));
        const rows = Math.floor(bh / 22);
        for (let r = 1; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            if (!rng.chance(i === 2 ? 0.28 : 0.18)) continue;
            s += `<rect x="${f(x + 4 + (c * (bw - 8)) / cols)}" y="${f(ground - bh + r * 22)}" width="${f((bw - 8) / cols - 4)}" height="9" fill="${lit}" opacity="${f(rng.range(0.35, 0.85))}"/>`;
          }
        }
      }
      x += bw + rng.range(0, w * 0.01);
    }
    if (i === 1 && domeAt > 0) {
      const r = w * rng.range(0.05, 0.08);
      const base = ground - h * 0.2;
      s += `<g fill="${col}"><rect x="${f(domeAt - r * 1.4)}" y="${f(base)}" width="${f(r * 2.8)}" height="${f(h)}"/><path d="M${f(domeAt - r)},${f(base)} A${f(r)},${f(r * 0.9)} 0 0 1 ${f(domeAt + r)},${f(base)} Z"/><rect x="${f(domeAt - r * 0.08)}" y="${f(base - r * 1.25)}" width="${f(r * 0.16)}" height="${f(r * 0.4)}"/></g>`;
      for (let k = 0; k < 7; k++) {
        s += `<rect x="${f(domeAt - r * 1.3 + (k * r * 2.6) / 6.5)}" y="${f(base + 6)}" width="${f(r * 0.12)}" height="${f(h * 0.1)}" fill="${lit}" opacity="0.25"/>`;
      }
    }
  }
  // street
  s += `<rect x="0" y="${f(h * 0.86)}" width="${w}" height="${f(h * 0.14)}" fill="${hsl(pal.deep, rng)}"/>`;
  for (let i = 0; i < 40; i++) {
    s += `<rect x="${f(rng.range(0, w))}" y="${f(rng.range(h * 0.88, h))}" width="${f(rng.range(10, 90))}" height="2" fill="${hsl(pal.accent, rng)}" opacity="${f(rng.range(0.2, 0.6))}"/>`;
  }
  return s + vignette(w, h);
}

function mapScene(rng, pal, w, h) {
  const paper = hsl(pal.paper, rng, 4);
  const ink = hsl(pal.deep, rng);
  const land = hsl(mix(pal.paper, pal.ground, 0.22), rng);
  const sea = hsl(mix(pal.paper, pal.sky, 0.35), rng);
  let s = `<defs><filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${f(w / 90)}"/></filter></defs>`;
  s += `<rect width="${w}" height="${h}" fill="${sea}"/>`;
  // graticule
  const step = rng.range(w / 14, w / 8);
  const skew = rng.range(-0.08, 0.08);
  for (let x = -w; x < 2 * w; x += step) {
    s += `<path d="M${f(x)},0 L${f(x + h * skew)},${h}" stroke="${ink}" stroke-width="1" opacity="0.12"/>`;
  }
  for (let y = step / 2; y < h; y += step * 0.8) {
    s += `<path d="M0,${f(y)} Q${f(w / 2)},${f(y - h * 0.04)} ${w},${f(y)}" stroke="${ink}" stroke-width="1" fill="none" opacity="0.12"/>`;
  }
  // land masses with contour lines
  const masses = rng.int(2, 4);
  for (let m = 0; m < masses; m++) {
    const cx = rng.range(w * 0.05, w * 0.95);
    const cy = rng.range(h * 0.1, h * 0.9);
    const r = rng.range(w * 0.16, w * 0.32);
    const base = closedBlob(rng, cx, cy, r, 18, 0.4);
    s += `<path d="${closedPath(base)}" fill="${land}" stroke="${ink}" stroke-width="1.6" opacity="0.95"/>`;
    const rings = rng.int(5, 11);
    for (let k = 1; k <= rings; k++) {
      const t = 1 - k / (rings + 1);
      const pts = base.map(([x, y]) => [cx + (x - cx) * t + rng.range(-6, 6), cy + (y - cy) * t + rng.range(-6, 6)]);
      const c = hsl(mix(pal.paper, pal.ground, 0.22 + 0.5 * (k / rings)), rng, 2);
      s += `<path d="${closedPath(pts)}" fill="${c}" fill-opacity="0.35" stroke="${ink}" stroke-width="0.9" opacity="${f(0.35 + 0.3 * (k / rings))}"/>`;
    }
  }
  // depth soundings as dotted isobaths
  for (let k = 0; k < 3; k++) {
    const pts = ridge(rng, w, rng.range(h * 0.2, h * 0.8), h * 0.1, 10, 0.8);
    s += `<path d="${smoothPath(pts)}" fill="none" stroke="${ink}" stroke-width="1" stroke-dasharray="2 7" opacity="0.35"/>`;
  }
  // a route with waypoints
  const route = [];
  const n = rng.int(4, 7);
  for (let i = 0; i < n; i++) route.push([w * (0.08 + (0.84 * i) / (n - 1)), rng.range(h * 0.2, h * 0.8)]);
  const accent = hsl(pal.accent, rng, 3);
  s += `<path d="${smoothPath(route)}" fill="none" stroke="${accent}" stroke-width="${f(w / 320)}" stroke-dasharray="${f(w / 80)} ${f(w / 160)}"/>`;
  for (const [x, y] of route) {
    s += `<circle cx="${f(x)}" cy="${f(y)}" r="${f(w / 140)}" fill="${paper}" stroke="${accent}" stroke-width="${f(w / 420)}"/>`;
  }
  // a zone of interest
  const zx = rng.range(w * 0.25, w * 0.75);
  const zy = rng.range(h * 0.25, h * 0.75);
  s += `<circle cx="${f(zx)}" cy="${f(zy)}" r="${f(w * 0.12)}" fill="${accent}" opacity="0.12" filter="url(#soft)"/>`;
  s += `<circle cx="${f(zx)}" cy="${f(zy)}" r="${f(w * 0.07)}" fill="none" stroke="${accent}" stroke-width="2" stroke-dasharray="1 6" opacity="0.8"/>`;
  // compass-free frame
  s += `<rect x="${f(w * 0.02)}" y="${f(h * 0.03)}" width="${f(w * 0.96)}" height="${f(h * 0.94)}" fill="none" stroke="${ink}" stroke-width="2" opacity="0.5"/>`;
  return s;
}

function hallScene(rng, pal, w, h) {
  const wall = hsl(mix(pal.paper, pal.sky, 0.5), rng);
  const deep = hsl(pal.deep, rng);
  let s = `<defs>
  <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(shade(pal.sky, -12), rng)}"/><stop offset="1" stop-color="${wall}"/></linearGradient>
  <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(pal.ground, rng)}"/><stop offset="1" stop-color="${deep}"/></linearGradient>
  <linearGradient id="light" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#fff" stop-opacity="0"/><stop offset="0.5" stop-color="#fff" stop-opacity="0.22"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></linearGradient>
  <filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${f(w / 120)}"/></filter>
</defs>`;
  const floorY = h * rng.range(0.62, 0.72);
  s += `<rect width="${w}" height="${h}" fill="url(#wall)"/>`;
  // tall windows / panels
  const panels = rng.int(4, 8);
  for (let i = 0; i < panels; i++) {
    const pw = w / panels;
    s += `<rect x="${f(i * pw + pw * 0.2)}" y="${f(h * 0.08)}" width="${f(pw * 0.6)}" height="${f(floorY - h * 0.14)}" fill="${hsl(shade(pal.glow, 10), rng)}" opacity="${f(rng.range(0.18, 0.4))}"/>`;
    s += `<rect x="${f(i * pw + pw * 0.2)}" y="${f(h * 0.08)}" width="${f(pw * 0.6)}" height="${f(floorY - h * 0.14)}" fill="url(#light)"/>`;
  }
  // row of flags on poles
  const flags = rng.int(5, 11);
  const fx0 = rng.range(w * 0.05, w * 0.3);
  const fgap = (w * rng.range(0.4, 0.6)) / flags;
  const palettes = [pal.accent, pal.sky, pal.glow, pal.ground, shade(pal.accent, 20), pal.paper];
  for (let i = 0; i < flags; i++) {
    const x = fx0 + i * fgap;
    const top = floorY - h * rng.range(0.36, 0.42);
    s += `<rect x="${f(x)}" y="${f(top)}" width="3" height="${f(floorY - top)}" fill="${deep}" opacity="0.8"/>`;
    const fh = h * 0.16;
    const fw = fgap * 0.8;
    const a = hsl(rng.pick(palettes), rng, 10);
    const b = hsl(rng.pick(palettes), rng, 10);
    const sway = rng.range(-8, 8);
    const d = `M${f(x + 3)},${f(top)} C${f(x + fw * 0.4)},${f(top + sway)} ${f(x + fw * 0.6)},${f(top - sway)} ${f(x + fw)},${f(top + 4)} L${f(x + fw - 4)},${f(top + fh)} C${f(x + fw * 0.6)},${f(top + fh - sway)} ${f(x + fw * 0.4)},${f(top + fh + sway)} ${f(x + 3)},${f(top + fh)} Z`;
    s += `<path d="${d}" fill="${a}"/>`;
    s += rng.chance(0.5)
      ? `<rect x="${f(x + 5)}" y="${f(top + fh / 3)}" width="${f(fw - 10)}" height="${f(fh / 3)}" fill="${b}" opacity="0.9"/>`
      : `<rect x="${f(x + fw * 0.3)}" y="${f(top + fh * 0.15)}" width="${f(fw * 0.3)}" height="${f(fh * 0.7)}" fill="${b}" opacity="0.9"/>`;
  }
  // floor and a long table in perspective
  s += `<rect x="0" y="${f(floorY)}" width="${w}" height="${f(h - floorY)}" fill="url(#floor)"/>`;
  const vx = rng.range(w * 0.35, w * 0.65);
  const tableTop = floorY + (h - floorY) * 0.15;
  s += `<path d="M${f(vx - w * 0.08)},${f(tableTop)} L${f(vx + w * 0.08)},${f(tableTop)} L${f(vx + w * 0.42)},${h + 2} L${f(vx - w * 0.42)},${h + 2} Z" fill="${hsl(shade(pal.ground, -8), rng)}"/>`;
  s += `<path d="M${f(vx - w * 0.07)},${f(tableTop + 3)} L${f(vx + w * 0.07)},${f(tableTop + 3)} L${f(vx + w * 0.34)},${h + 2} L${f(vx - w * 0.34)},${h + 2} Z" fill="${hsl(shade(pal.glow, -15), rng)}" opacity="0.35"/>`;
  // chairs along the table
  for (let side of [-1, 1]) {
    for (let i = 0; i < 6; i++) {
      const t = (i + 0.5) / 6;
      const y = tableTop + (h - tableTop) * t;
      const x = vx + side * (w * 0.08 + w * 0.34 * t) + side * 12 * (1 + t);
      const sz = 10 + 40 * t;
      s += `<rect x="${f(x - sz / 2)}" y="${f(y - sz * 1.2)}" width="${f(sz)}" height="${f(sz * 1.2)}" rx="${f(sz / 6)}" fill="${deep}" opacity="0.85"/>`;
    }
  }
  s += `<ellipse cx="${f(vx)}" cy="${f(h * 0.2)}" rx="${f(w * 0.3)}" ry="${f(h * 0.08)}" fill="${hsl(pal.glow, rng)}" opacity="0.25" filter="url(#soft)"/>`;
  return s;
}

function abstractScene(rng, pal, w, h) {
  // Layered gradient fields and arcs: a fallback for alt text without a known motif.
  const sunX = rng.range(w * 0.2, w * 0.8);
  const sunY = rng.range(h * 0.2, h * 0.6);
  let s = defs(rng, pal, w, h, { sunX, sunY });
  s += skyLayer(rng, pal, w, h, sunX, sunY, 0);
  const arcs = rng.int(6, 14);
  for (let i = 0; i < arcs; i++) {
    const r = rng.range(w * 0.1, w * 0.7);
    s += `<circle cx="${f(sunX + rng.range(-w * 0.1, w * 0.1))}" cy="${f(sunY + rng.range(-h * 0.1, h * 0.1))}" r="${f(r)}" fill="none" stroke="${hsl(rng.pick([pal.accent, pal.deep, pal.glow]), rng)}" stroke-width="${f(rng.range(1, w / 120))}" opacity="${f(rng.range(0.15, 0.55))}"/>`;
  }
  const bands = rng.int(3, 5);
  for (let i = 0; i < bands; i++) {
    const pts = ridge(rng, w, h * (0.55 + i * 0.1), h * 0.06, 10, 0.6);
    s += `<path d="${smoothPath(pts)} L${w + 20},${h + 20} L-20,${h + 20} Z" fill="${hsl(mix(pal.ground, pal.deep, i / bands), rng)}" opacity="0.9"/>`;
  }
  return s + vignette(w, h);
}

function portraitScene(rng, pal, w, h) {
  const bgA = hsl(rng.pick([pal.sky, pal.paper, pal.glow]), rng, 8);
  const bgB = hsl(rng.pick([pal.ground, pal.accent, pal.sky]), rng, 8);
  const skin = hsl(
    mix(
      rng.pick([
        [28, 45, 72],
        [24, 40, 55],
        [20, 38, 38],
        [30, 35, 64],
        [18, 30, 30],
      ]),
      pal.glow,
      0.1,
    ),
    rng,
    3,
  );
  const hair = hsl(
    rng.pick([
      [25, 30, 14],
      [30, 25, 30],
      [0, 0, 18],
      [35, 40, 45],
      [20, 15, 60],
      [10, 35, 24],
    ]),
    rng,
    3,
  );
  const coat = hsl(rng.pick([pal.deep, pal.ground, pal.accent, shade(pal.sky, -25)]), rng, 4);
  const angle = rng.range(-30, 60);
  let s = `<defs>
  <linearGradient id="bg" gradientTransform="rotate(${f(angle)} 0.5 0.5)"><stop offset="0" stop-color="${bgA}"/><stop offset="1" stop-color="${bgB}"/></linearGradient>
  <radialGradient id="light" cx="${f(rng.range(0.25, 0.75))}" cy="0.25" r="0.7"><stop offset="0" stop-color="#fff" stop-opacity="0.3"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
  <linearGradient id="shadow" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.28"/></linearGradient>
  <filter id="soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="18"/></filter>
</defs>`;
  s += `<rect width="${w}" height="${h}" fill="url(#bg)"/>`;
  // geometric backdrop
  for (let i = 0; i < rng.int(3, 6); i++) {
    const cx = rng.range(0, w);
    const cy = rng.range(0, h * 0.7);
    s += `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(rng.range(40, 220))}" fill="${hsl(rng.pick([pal.glow, pal.accent, pal.sky]), rng, 10)}" opacity="${f(rng.range(0.12, 0.35))}" ${rng.chance(0.5) ? 'filter="url(#soft)"' : ''}/>`;
  }
  const cx = w / 2 + rng.range(-30, 30);
  const headY = h * rng.range(0.38, 0.42);
  const hr = w * rng.range(0.155, 0.18);
  // shoulders
  const sh = h * rng.range(0.7, 0.74);
  s += `<path d="M${f(cx - w * 0.42)},${h + 5} C${f(cx - w * 0.4)},${f(sh)} ${f(cx - w * 0.2)},${f(sh - h * 0.06)} ${f(cx)},${f(sh - h * 0.07)} C${f(cx + w * 0.2)},${f(sh - h * 0.06)} ${f(cx + w * 0.4)},${f(sh)} ${f(cx + w * 0.42)},${h + 5} Z" fill="${coat}"/>`;
  // collar
  s += `<path d="M${f(cx - w * 0.07)},${f(sh - h * 0.07)} L${f(cx)},${f(sh + h * 0.06)} L${f(cx + w * 0.07)},${f(sh - h * 0.07)} Z" fill="${hsl(pal.paper, rng)}" opacity="0.9"/>`;
  // neck
  // hair behind, drawn before the neck so that it falls to the shoulders
  if (rng.chance(0.4)) {
    s += `<rect x="${f(cx - hr * 1.08)}" y="${f(headY - hr * 0.6)}" width="${f(hr * 2.16)}" height="${f(hr * 2.1)}" rx="${f(hr * 0.9)}" fill="${hair}"/>`;
  }
  const neck = `M${f(cx - hr * 0.4)},${f(headY + hr * 0.6)} L${f(cx + hr * 0.4)},${f(headY + hr * 0.6)} L${f(cx + hr * 0.5)},${f(sh - h * 0.05)} L${f(cx)},${f(sh + h * 0.02)} L${f(cx - hr * 0.5)},${f(sh - h * 0.05)} Z`;
  s += `<path d="${neck}" fill="${skin}"/><path d="${neck}" fill="#000" opacity="0.18"/>`;
  // head
  s += `<ellipse cx="${f(cx)}" cy="${f(headY)}" rx="${f(hr * 0.92)}" ry="${f(hr * 1.15)}" fill="${skin}"/>`;
  s += `<ellipse cx="${f(cx)}" cy="${f(headY)}" rx="${f(hr * 0.92)}" ry="${f(hr * 1.15)}" fill="url(#shadow)"/>`;
  // hair cap
  const part = rng.range(-0.4, 0.4);
  s += `<path d="M${f(cx - hr * 0.98)},${f(headY - hr * 0.05)} C${f(cx - hr * 1.05)},${f(headY - hr * 1.5)} ${f(cx + hr * 1.05)},${f(headY - hr * 1.5)} ${f(cx + hr * 0.98)},${f(headY - hr * 0.05)} C${f(cx + hr * 0.7)},${f(headY - hr * 0.7)} ${f(cx + hr * part)},${f(headY - hr * 0.75)} ${f(cx - hr * 0.98)},${f(headY - hr * 0.05)} Z" fill="${hair}"/>`;
  if (rng.chance(0.3)) {
    // glasses, as two thin rings
    const gy = headY + hr * 0.05;
    s += `<g fill="none" stroke="${hsl(pal.deep, rng)}" stroke-width="3" opacity="0.7"><circle cx="${f(cx - hr * 0.36)}" cy="${f(gy)}" r="${f(hr * 0.22)}"/><circle cx="${f(cx + hr * 0.36)}" cy="${f(gy)}" r="${f(hr * 0.22)}"/><path d="M${f(cx - hr * 0.14)},${f(gy)} L${f(cx + hr * 0.14)},${f(gy)}"/></g>`;
  }
  s += `<rect width="${w}" height="${h}" fill="url(#light)"/>`;
  return s;
}

const MOTIFS = [
  ['map', /\b(map|chart|contour|route|atlas)\b/],
  ['hall', /\b(hall|conference|delegates?|table|flags?|chamber|podium|summit|committee|hearing|room)\b/],
  ['sea', /\b(sea|ships?|vessels?|tankers?|port|harbou?r|coast|coastline|strait|bay|locks|canal|quay|freighter|water|lake|river)\b/],
  ['desert', /\b(desert|dunes?|sand|sahel|arid|camp|tents?|scrub)\b/],
  ['mountains', /\b(mountains?|ridges?|peaks?|andes|altiplano|highlands?|valley|hills?|glacier|snow|fjord|tundra)\b/],
  ['city', /\b(city|skyline|capitol|street|buildings?|rooftops|towers?|dome|avenue|ministry|embassy|offices?)\b/],
];

const SCENES = {
  sea: seaScene,
  mountains: mountainScene,
  desert: desertScene,
  city: cityScene,
  map: mapScene,
  hall: hallScene,
  abstract: abstractScene,
  portrait: portraitScene,
};

function motifFor(entry) {
  // The motif named earliest in the alt text wins: alt text names its subject first.
  const words = `${entry.alt || ''}`.toLowerCase();
  let best = 'abstract';
  let at = Infinity;
  for (const [name, re] of MOTIFS) {
    const m = re.exec(words);
    if (m && m.index < at) {
      best = name;
      at = m.index;
    }
  }
  return best;
}

// Details the alt text promises are always drawn: the number of ships, a coast, port
// cranes, a lake, a camp or convoy on the horizon, a domed building.
function hintsFor(entry) {
  const alt = `${entry.alt || ''}`.toLowerCase();
  const plural = /\b(ships|tankers|vessels|carriers|freighters)\b/.test(alt);
  const single = (alt.match(/\b(ship|tanker|vessel|carrier|freighter)\b/g) || []).length;
  return {
    ships: plural ? 'many' : Math.min(3, single),
    coast: /\b(coast|coastline|hills?|shore|land)\b/.test(alt),
    cranes: /\b(cranes?|quay)\b/.test(alt),
    lake: /\b(lake|salt flat)\b/.test(alt),
    camp: /\b(camp|tents?|shelters?|trucks?|vehicles?|convoy)\b/.test(alt),
    dome: /\b(dome|capitol)\b/.test(alt),
  };
}

const ASPECTS = [
  [1600, 1000], // 16:10
  [1600, 1000],
  [1500, 1000], // 3:2
  [1500, 1000],
  [1600, 900], // 16:9
  [1440, 1080], // 4:3
];

// ---------------------------------------------------------------- grain and encoding

function grainOverlay(id, w, h, strength) {
  const rng = mulberry32(fnv1a(`grain:${id}`));
  const buf = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = rng() < 0.5 ? 0 : 255;
    const o = i * 4;
    buf[o] = v;
    buf[o + 1] = v;
    buf[o + 2] = v;
    buf[o + 3] = Math.floor(rng() * strength);
  }
  return buf;
}

async function encode(svg, id, w, h, strength) {
  const base = await sharp(Buffer.from(svg), { density: 72 }).resize(w, h, { fit: 'fill' }).png().toBuffer();
  let img = sharp(base);
  if (strength > 0) {
    img = img.composite([{ input: grainOverlay(id, w, h, strength), raw: { width: w, height: h, channels: 4 } }]);
  }
  return img.flatten({ background: '#ffffff' }).jpeg({ quality: QUALITY, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer();
}

async function render(entry, isPortrait) {
  const id = entry.id;
  const rng = makeRng(id, 'scene');
  const [w, h] = isPortrait ? [600, 600] : ASPECTS[fnv1a(`aspect:${id}`) % ASPECTS.length];
  const motif = isPortrait ? 'portrait' : motifFor(entry);
  const palettes = WARM_ONLY.has(motif) ? PALETTES.filter((p) => WARM.has(p.name)) : PALETTES;
  const pal = palettes[fnv1a(`palette:${id}`) % palettes.length];
  const body = SCENES[motif](rng, pal, w, h, hintsFor(entry));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;

  // Find a grain strength that keeps the file inside [minB, maxB]: step the grain up while
  // the file is too small and down while it is too large. Deterministic.
  const [minB, maxB] = isPortrait ? [20 * 1024, 60 * 1024] : [MIN_BYTES, MAX_BYTES];
  let strength = isPortrait ? 12 : 16;
  let out = await encode(svg, id, w, h, strength);
  for (let i = 0; i < 10 && out.length < minB && strength < 160; i++) {
    strength = Math.min(160, Math.round(strength * 1.3 + 1));
    out = await encode(svg, id, w, h, strength);
  }
  for (let i = 0; i < 10 && out.length > maxB && strength > 0; i++) {
    strength = Math.max(0, Math.round(strength * 0.7 - 1));
    out = await encode(svg, id, w, h, strength);
  }
  return { out, w, h, motif, palette: pal.name, strength };
}

// ---------------------------------------------------------------- main

async function main() {
  const check = process.argv.includes('--check');
  const bundle = JSON.parse(await readFile(bundlePath, 'utf8'));
  const portraitIds = new Set((bundle.authors || []).map((a) => a.image).filter(Boolean));
  let total = 0;
  let missing = 0;
  for (const entry of bundle.media || []) {
    const target = resolve(demoDir, entry.file);
    const rel = relative(demoDir, target);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`media ${entry.id}: file escapes demo/: ${entry.file}`);
    if (!rel.startsWith(`images${sep}`)) throw new Error(`media ${entry.id}: expected a file under images/: ${entry.file}`);
    if (check) {
      try {
        await stat(target);
      } catch {
        missing++;
        console.log(`missing ${entry.file}`);
      }
      continue;
    }
    const { out, w, h, motif, palette, strength } = await render(entry, portraitIds.has(entry.id));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, out);
    total += out.length;
    console.log(
      `${rel.padEnd(44)} ${String(w).padStart(4)}×${String(h).padEnd(4)} ${motif.padEnd(9)} ${palette.padEnd(13)} grain ${String(strength).padStart(3)}  ${(out.length / 1024).toFixed(1)} KB`,
    );
  }
  if (check) {
    console.log(missing ? `${missing} missing` : 'all images present');
    process.exitCode = missing ? 1 : 0;
  } else {
    console.log(`${bundle.media.length} images, ${(total / 1024 / 1024).toFixed(2)} MB`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
