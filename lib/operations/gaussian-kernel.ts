/**
 * scipy.ndimage's 1-D Gaussian kernel (and its derivatives),
 * computed with NumPy's operation order: exp(-0.5 / sigma² · x²), divided by
 * its pairwise sum, times the derivative polynomial (any order). Math.exp and NumPy's
 * exp may differ in the last bit of a weight; see test/filters.test.ts.
 */

/** NumPy's pairwise summation (blocks of 8 partial sums) of a float64 vector. */
function pairwiseSum(a: number[], from: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i];
    return res;
  }
  if (n <= 128) {
    const r = a.slice(from, from + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[from + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[from + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

export function gaussianKernel(sigma: number, order: number, radius: number): number[] {
  const sigma2 = sigma * sigma;
  const c = -0.5 / sigma2;
  const xs = Array.from({ length: 2 * radius + 1 }, (_, k) => k - radius);
  const phi = xs.map((x) => Math.exp(c * (x * x)));
  const sum = pairwiseSum(phi, 0, phi.length);
  const norm = phi.map((p) => p / sum);
  if (order === 0) return norm;
  // q: polynomial coefficients; q ← (D + P) q, order times (D: derivative, P: times -x/sigma²).
  let q = Array<number>(order + 1).fill(0);
  q[0] = 1;
  const p = 1 / -sigma2;
  for (let step = 0; step < order; step++) {
    q = q.map((_, i) => (i + 1 <= order ? (i + 1) * q[i + 1] : 0) + (i >= 1 ? p * q[i - 1] : 0));
  }
  return xs.map((x, k) => {
    let v = 0;
    for (let e = 0; e <= order; e++) v += x ** e * q[e];
    return v * norm[k];
  });
}
