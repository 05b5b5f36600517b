/**
 * Logistic regression with a Gaussian prior centred on given weights (a MAP fit): minimises
 *
 *   Σ_i log(1 + exp(−y_i · θ·x_i)) + Σ_j (θ_j − θ0_j)² / (2 σ²)
 *
 * by Newton's method. With θ0 the hand-set weights, a weight the labels say nothing about (a field absent
 * from the data) stays where it was set, and a weight the labels contradict moves only as far as they
 * justify; σ is how far, in log-odds, a weight is believed to be off before seeing data.
 */

export interface FitExamples {
  /** Feature vectors, row-major: example i is x[i·size, (i+1)·size). */
  x: Float64Array;
  /** 1 for a match, 0 for a non-match. */
  y: Uint8Array;
  count: number;
  /** The examples to fit on, by index (a fold's training part); all of them when absent. */
  use?: Uint32Array;
}

export interface FitOptions {
  /** Prior standard deviation of each weight around θ0, in log-odds. */
  priorSd: number;
  /** Newton steps at most. @default 50 */
  maxIterations?: number;
}

export interface FitResult {
  theta: Float64Array;
  iterations: number;
  /** Mean log-loss of the examples under θ. */
  logLoss: number;
}

/** Solves H·d = g in place (H symmetric positive definite) by Cholesky; returns d. */
function solveSpd(h: Float64Array, g: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const d = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * d[k]!;
    d[i] = s / l[i * n + i]!;
  }
  return d;
}

/** log(1 + exp(z)) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function dot(x: Float64Array, at: number, theta: Float64Array): number {
  let s = 0;
  for (let j = 0; j < theta.length; j++) s += x[at + j]! * theta[j]!;
  return s;
}

/** Mean log-loss of the examples (those in `use`, when given) under θ (natural log). */
export function logLossOf(ex: FitExamples, theta: Float64Array): number {
  const rows = sparseOf(ex, theta.length);
  return rows.y.length === 0 ? 0 : sparseLoss(rows, theta) / rows.y.length;
}

/**
 * The examples' nonzero features, row by row (compressed sparse rows): a pair has about 15 nonzero features
 * of 40, and the Hessian's cost is the square of that count.
 */
interface SparseRows {
  start: Uint32Array;
  col: Uint8Array;
  val: Float64Array;
  /** The label of each row. */
  y: Uint8Array;
}

/** The used examples (`ex.use`, or all) as sparse rows, read straight from the dense vectors. */
function sparseOf(ex: FitExamples, n: number): SparseRows {
  const count = ex.use === undefined ? ex.count : ex.use.length;
  const exampleAt = (r: number): number => (ex.use === undefined ? r : ex.use[r]!);
  let nnz = 0;
  for (let r = 0; r < count; r++) for (let j = 0, at = exampleAt(r) * n; j < n; j++) if (ex.x[at + j] !== 0) nnz++;
  const start = new Uint32Array(count + 1);
  const col = new Uint8Array(nnz);
  const val = new Float64Array(nnz);
  const y = new Uint8Array(count);
  let k = 0;
  for (let r = 0; r < count; r++) {
    const i = exampleAt(r);
    start[r] = k;
    y[r] = ex.y[i]!;
    for (let j = 0; j < n; j++) {
      const v = ex.x[i * n + j]!;
      if (v !== 0) {
        col[k] = j;
        val[k++] = v;
      }
    }
  }
  start[count] = k;
  return { start, col, val, y };
}

function sparseDot(rows: SparseRows, i: number, theta: Float64Array): number {
  let z = 0;
  for (let k = rows.start[i]!; k < rows.start[i + 1]!; k++) z += rows.val[k]! * theta[rows.col[k]!]!;
  return z;
}

function sparseLoss(rows: SparseRows, theta: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < rows.y.length; i++) {
    const z = sparseDot(rows, i, theta);
    loss += rows.y[i] === 1 ? softplus(-z) : softplus(z);
  }
  return loss;
}

function objective(rows: SparseRows, theta: Float64Array, theta0: Float64Array, precision: number): number {
  let penalty = 0;
  for (let j = 0; j < theta.length; j++) penalty += (theta[j]! - theta0[j]!) ** 2;
  return sparseLoss(rows, theta) + (precision * penalty) / 2;
}

export function fitLogistic(ex: FitExamples, theta0: Float64Array, o: FitOptions): FitResult {
  const n = theta0.length;
  const precision = 1 / (o.priorSd * o.priorSd);
  const theta = Float64Array.from(theta0);
  const maxIterations = o.maxIterations ?? 50;
  const rows = sparseOf(ex, n);
  let current = objective(rows, theta, theta0, precision);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = new Float64Array(n);
    const h = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      g[j] = precision * (theta[j]! - theta0[j]!);
      h[j * n + j] = precision;
    }
    for (let i = 0; i < rows.y.length; i++) {
      const p = 1 / (1 + Math.exp(-sparseDot(rows, i, theta)));
      const r = p - rows.y[i]!;
      const c = p * (1 - p);
      const from = rows.start[i]!;
      const to = rows.start[i + 1]!;
      // Columns ascend within a row, so (j, k ≤ j) fills the lower triangle.
      for (let a = from; a < to; a++) {
        const j = rows.col[a]!;
        const xj = rows.val[a]!;
        g[j]! += r * xj;
        const cx = c * xj;
        for (let b = from; b <= a; b++) h[j * n + rows.col[b]!]! += cx * rows.val[b]!;
      }
    }
    for (let j = 0; j < n; j++) for (let k = 0; k < j; k++) h[k * n + j] = h[j * n + k]!;
    const step = solveSpd(h, g, n);
    // Damped Newton: halve the step until the objective does not grow (it always can shrink: H is SPD).
    let scale = 1;
    let next = current;
    const trial = new Float64Array(n);
    for (let halvings = 0; halvings < 30; halvings++, scale /= 2) {
      for (let j = 0; j < n; j++) trial[j] = theta[j]! - scale * step[j]!;
      next = objective(rows, trial, theta0, precision);
      if (next <= current) break;
    }
    if (!(next <= current)) break;
    theta.set(trial);
    const improved = current - next;
    current = next;
    if (improved < 1e-9 * Math.max(1, Math.abs(current))) {
      iterations++;
      break;
    }
  }
  return { theta, iterations, logLoss: rows.y.length === 0 ? 0 : sparseLoss(rows, theta) / rows.y.length };
}
