/**
 * Runs expression cases through test/oracle/lazy_ops.py (NumPy) and through
 * dyna_zarr (fromArray sources + operations), so a suite compares the two.
 * An expression is plain JSON (see lazy_ops.py): inputs {in}, ops {op, args},
 * selections {op: 'get', args: [expr], sel: [...]}, scalars {s, k}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, newaxis, ops, slice, type DynamicArray } from '../../lib/index';
import type { DType } from '../../lib/dtype';
import { fromHalfBits } from '../../lib/metadata/fill-value';
import { typedFromBytes, type DTypeName } from './compare';
import { runPythonPlan } from './python';

export type SelItem = { i: number } | { s: [number | null, number | null, number | null] } | '...' | 'newaxis' | null;
export type Expr = { in: number } | { op: string; args: unknown[]; sel?: SelItem[] };
/** chunks: of the fromArray source; zarr: also write a Zarr v3 copy <dir>/in<k>.zarr with this layout. */
export interface InputSpec { dtype: DType; shape: number[]; seed: number; chunks?: number[]; zarr?: { chunks: number[]; shards?: number[] } }
export type OracleResult = { offset: number; nbytes: number; shape: number[]; dtype: DTypeName } | { error: string };

export interface OracleRun {
  inputs: DynamicArray[];
  results: OracleResult[];
  bytes: Buffer;
}

/** `script`: lazy_ops.py or a script that extends its `eval` command (e.g. ops_extra.py). */
export async function runOracle(dir: string, inputs: InputSpec[], cases: Expr[], script = 'lazy_ops.py'): Promise<OracleRun> {
  const plan = { inputs: inputs.map(({ dtype, shape, seed, zarr }) => ({ dtype, shape, seed, zarr })), cases };
  const { results } = await runPythonPlan<{ results: OracleResult[] }>(script, 'eval', path.join(dir, 'plan.json'), plan, [dir]);
  const arrays = inputs.map((spec, k) => {
    const data = typedFromBytes(spec.dtype, new Uint8Array(fs.readFileSync(path.join(dir, `in${k}.bin`))));
    return fromArray(data, spec.shape, { dtype: spec.dtype, ...(spec.chunks ? { chunks: spec.chunks } : {}) });
  });
  return { inputs: arrays, results, bytes: fs.readFileSync(path.join(dir, 'results.bin')) };
}

export function selectionItems(items: SelItem[]): unknown[] {
  return items.map((it) => {
    if (it === null || it === '...') return it;
    if (it === 'newaxis') return newaxis;
    if ('i' in it) return it.i;
    return slice(it.s[0], it.s[1], it.s[2]);
  });
}

export function selectionString(items: SelItem[]): string {
  return items.map((it) => {
    if (it === null) return ':';
    if (it === '...') return '...';
    if (it === 'newaxis') return 'None';
    if ('i' in it) return String(it.i);
    const [a, b, c] = it.s;
    return `${a ?? ''}:${b ?? ''}${c === null ? '' : `:${c}`}`;
  }).join(', ');
}

const isExpr = (x: unknown): x is Expr => !!x && typeof x === 'object' && ('in' in (x as object) || 'op' in (x as object));
const isScalarArg = (x: unknown): x is { s: string | number | boolean; k: string } => !!x && typeof x === 'object' && 'k' in (x as object) && 's' in (x as object);

/** Builds the lazy dyna_zarr array of an expression. `stringForm` uses the string form of selections. */
export function build(e: Expr, inputs: DynamicArray[], stringForm = false): DynamicArray {
  if ('in' in e) return inputs[e.in];
  const conv = (x: unknown): unknown => {
    if (isExpr(x)) return build(x, inputs, stringForm);
    // String scalars: big integers, or 'NaN' / 'Infinity' floats (JSON has no NaN).
    if (isScalarArg(x)) return typeof x.s === 'string' ? (x.k === 'float' ? Number(x.s) : BigInt(x.s)) : x.s;
    if (Array.isArray(x) && x.some(isExpr)) return x.map(conv);
    return x;
  };
  const args = e.args.map(conv);
  if (e.op === 'get') {
    const a = args[0] as DynamicArray;
    return stringForm ? a.get(selectionString(e.sel ?? [])) : a.get(selectionItems(e.sel ?? []) as never);
  }
  const f = (ops as unknown as Record<string, (...x: unknown[]) => DynamicArray>)[e.op];
  if (!f) throw new Error(`no operation ${e.op}`);
  return f(...args);
}

export function resultBytes(run: OracleRun, r: { offset: number; nbytes: number }): Uint8Array {
  return new Uint8Array(run.bytes.subarray(r.offset, r.offset + r.nbytes));
}

/** Approximate comparison for reductions (summation order differs): relative tolerance per dtype. */
export function approxMismatch(dtype: DTypeName, actual: ArrayLike<number | bigint>, expectedBytes: Uint8Array, label: string): string | null {
  const exp = typedFromBytes(dtype, expectedBytes) as ArrayLike<number | bigint>;
  if (actual.length !== exp.length) return `${label}: length ${actual.length} != ${exp.length}`;
  const half = dtype === 'float16';
  const tol = half ? 1e-2 : dtype === 'float32' || dtype === 'complex64' ? 1e-4 : 1e-9;
  for (let i = 0; i < exp.length; i++) {
    const a = half ? fromHalfBits(Number(actual[i])) : Number(actual[i]);
    const b = half ? fromHalfBits(Number(exp[i])) : Number(exp[i]);
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (typeof actual[i] === 'bigint' || typeof exp[i] === 'bigint') {
      if (actual[i] !== exp[i]) return `${label}: #${i} got ${actual[i]}, expected ${exp[i]}`;
      continue;
    }
    if (Math.abs(a - b) > tol * Math.max(1, Math.abs(b))) return `${label}: #${i} got ${a}, expected ${b}`;
  }
  return null;
}
