/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Impairment decisions must be
 * reproducible from a seed, which Math.random cannot give; the statistical quality
 * needed for loss/jitter draws is modest and sfc32 passes PractRand well beyond it.
 */
export interface Random {
  /** A uniform draw in [0, 1). */
  next(): number;
}

/** splitmix32: spreads a 32-bit state into well-mixed words for seeding. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a, so a stream label ('forward/loss') picks an independent sequence. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A generator for `seed` and a named stream. Separate streams per decision (loss,
 * duplication, jitter, reordering) keep packet i's loss draw the same whatever the
 * other settings are.
 */
export function createRandom(seed: number, stream = ''): Random {
  const mix = splitmix32((seed >>> 0) ^ hashLabel(stream));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32(); // leave the seeding transient behind
  return { next: () => next32() / 4294967296 };
}

/** A fresh seed when the caller gives none; reported back so a run can be repeated. */
export function randomSeed(): number {
  return (Math.random() * 4294967296) >>> 0;
}
