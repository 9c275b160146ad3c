#!/usr/bin/env node
// Lists every operation in `ops` with the dtypes it accepts and the dtype it
// returns, by building each one (lazily, nothing is computed) on a tiny input
// of each of the 14 dtypes. `node scripts/list-operations.js` writes
// docs/operations.md from the built package; test/operations-list.test.ts
// calls operationsMarkdown() on lib/index to check that file is up to date.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SHAPE = [2, 3];

// The arguments each operation needs beyond its input array `a` (for creation
// functions: beyond nothing; `d` is the dtype under test). Operations not named
// here are one-array pointwise operations, or binary ones in BINARY.
const FAMILIES = [
  { family: 'Pointwise, one array', ops: {
    round: (a) => [a, 1],
    clip: (a) => [a, 0, 1],
    astype: (a) => [a, 'float32'],
    saturateCast: (a) => [a, 'uint8'],
    isin: (a) => [a, [0, 1]],
    digitize: (a) => [a, [0, 1]],
  } },
  { family: 'Pointwise, two or three arrays', ops: {
    ldexp: (a, d, lib) => [a, tiny(lib, 'int32')],
    where: (a) => [a, a, a],
  } },
  { family: 'Reductions', ops: {
    min: null, max: null, sum: null, prod: null, mean: null, var: null, std: null,
    any: null, all: null, argmin: null, argmax: null, median: null,
    histogram: null, histogramBinEdges: null, unique: null,
  } },
  { family: 'Scans and differences', ops: {
    cumsum: null, cumprod: null, cummax: null, cummin: null, diff: null, gradient: null,
  } },
  { family: 'Shape and layout', ops: {
    expandDims: (a) => [a, 0], squeeze: null, swapAxes: (a) => [a, 0, 1], transpose: null,
    reshape: (a) => [a, [3, 2]], flatten: null, flip: null, rot90: null,
    concatenate: (a) => [[a, a]], stack: (a) => [[a, a]],
    pad: (a) => [a, 1], tile: (a) => [a, 2], roll: (a) => [a, 1],
  } },
  { family: 'Creation', ops: {
    zeros: (a, d) => [SHAPE, { dtype: d }], ones: (a, d) => [SHAPE, { dtype: d }],
    empty: (a, d) => [SHAPE, { dtype: d }], full: (a, d) => [SHAPE, 1, { dtype: d }],
    random: (a, d) => [SHAPE, { dtype: d }],
    zerosLike: null, onesLike: null, emptyLike: null, fullLike: (a) => [a, 1],
  } },
  { family: 'Neighbourhood filters (scipy.ndimage)', ops: {
    gaussianFilter: (a) => [a, 1], uniformFilter: (a) => [a, 3], medianFilter: (a) => [a, 3],
    minimumFilter: (a) => [a, 3], maximumFilter: (a) => [a, 3], greyErosion: (a) => [a, 3],
    greyDilation: (a) => [a, 3],
    convolve: (a) => [a, WEIGHTS], correlate: (a) => [a, WEIGHTS], laplace: null,
    gaussianLaplace: (a) => [a, 1], gaussianGradientMagnitude: (a) => [a, 1],
  } },
  { family: 'Downsampling', ops: { coarsen: (a) => [a, [2, 1]] } },
  { family: 'User functions', ops: {
    mapBlocks: (a) => [a, (block) => block], mapOverlap: (a) => [a, (block) => block, 1],
  } },
];

const WEIGHTS = { data: new Float64Array([1, 2, 1]), shape: [1, 3], dtype: 'float64' };

// Pointwise operations of two arrays; they get the same dtype twice.
const BINARY = new Set(['add', 'subtract', 'multiply', 'divide', 'arctan2', 'copysign', 'hypot',
  'heaviside', 'logaddexp', 'logaddexp2', 'nextafter', 'floatPower', 'floorDivide', 'remainder',
  'mod', 'fmod', 'maximum', 'minimum', 'fmax', 'fmin', 'power', 'equal', 'notEqual', 'less',
  'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd',
  'bitwiseOr', 'bitwiseXor', 'leftShift', 'rightShift', 'gcd', 'lcm']);

// Operations whose input is not one array (so they have no fluent method).
const NOT_ONE_ARRAY = new Set(['where', 'concatenate', 'stack', 'zeros', 'ones', 'empty', 'full', 'random']);

// The words shown for a rule the argument table makes (astype's 'float32' is its
// dtype argument); a different rule is shown as it is, so the note cannot hide a change.
const DTYPE_OPTION = ['same', 'the `dtype` option'];
const RESULT_NOTE = {
  astype: ['float32', 'the dtype argument'], saturateCast: ['uint8', 'the dtype argument'],
  zeros: DTYPE_OPTION, ones: DTYPE_OPTION, empty: DTYPE_OPTION, full: DTYPE_OPTION, random: DTYPE_OPTION,
};
const ARGUMENT_NOTE = { ldexp: 'with an int32 exponent', where: 'cond, x and y of that dtype' };

function familyOf(name) {
  for (const f of FAMILIES) if (Object.prototype.hasOwnProperty.call(f.ops, name)) return f.family;
  return BINARY.has(name) ? FAMILIES[1].family : FAMILIES[0].family;
}

function argumentsFor(name) {
  for (const f of FAMILIES) if (f.ops[name]) return f.ops[name];
  return BINARY.has(name) ? (a) => [a, a] : (a) => [a];
}

/** A zero-filled [2, 3] array of dtype d. */
function tiny(lib, d) {
  const ctor = { bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array,
    int64: BigInt64Array, uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array,
    uint64: BigUint64Array, float16: Uint16Array, float32: Float32Array, float64: Float64Array,
    complex64: Float32Array, complex128: Float64Array }[d];
  const lanes = d.startsWith('complex') ? 2 : 1;
  return lib.fromArray(new ctor(6 * lanes), SHAPE, { dtype: d });
}

/** The operation names of `ops` (its functions whose name starts lower-case; classes excluded). */
function operationNames(lib) {
  return Object.keys(lib.ops).filter((n) => typeof lib.ops[n] === 'function' && /^[a-z]/.test(n));
}

/** For each operation: its family and, per input dtype it accepts, the result dtype. */
function enumerate(lib) {
  return operationNames(lib).map((name) => {
    const build = argumentsFor(name);
    const results = {};
    const errors = {};
    for (const d of lib.DTYPES) {
      try {
        const out = lib.ops[name](...build(tiny(lib, d), d, lib));
        results[d] = out && typeof out.dtype === 'string' ? out.dtype : '?';
      } catch (e) {
        errors[d] = e && e.message;
      }
    }
    return { name, family: familyOf(name), results, errors, oneArray: !NOT_ONE_ARRAY.has(name) };
  });
}

const INTS = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];
const FLOATS = ['float16', 'float32', 'float64'];
// Named sets of dtypes, tried largest first when a list is written short.
const GROUPS = [
  ['real', [...INTS, ...FLOATS]],
  ['ints', INTS],
  ['signed ints', INTS.slice(0, 4)],
  ['unsigned ints', INTS.slice(4)],
  ['floats', FLOATS],
  ['complex', ['complex64', 'complex128']],
];

/** The set as group names and single dtypes, in dtype order ("bool, ints, float16"). */
function unionWords(set, all) {
  const left = new Set(set);
  const words = [];
  for (const [word, members] of GROUPS) {
    if (members.every((m) => left.has(m))) {
      words.push([all.indexOf(members[0]), word]);
      for (const m of members) left.delete(m);
    }
  }
  for (const d of left) words.push([all.indexOf(d), d]);
  return words.sort((x, y) => x[0] - y[0]).map((w) => w[1]);
}

/** A short description of a set of dtypes: "all", "all but bool", "ints, floats", "int8, uint8". */
function describeDtypes(set, all) {
  if (set.length === 0) return 'none';
  if (set.length === all.length) return 'all';
  const union = unionWords(set, all);
  const but = unionWords(all.filter((d) => !set.includes(d)), all);
  return but.length < union.length ? `all but ${but.join(' and ')}` : union.join(', ');
}

// NumPy's float for an integer input: the smallest float holding every value.
const FLOAT_OF_INT = { bool: 'float16', int8: 'float16', uint8: 'float16', int16: 'float32', uint16: 'float32',
  int32: 'float64', uint32: 'float64', int64: 'float64', uint64: 'float64' };

/** The result dtype rule: "same", one dtype, or "same; X for …" groups. */
function describeResult(results, all) {
  const inputs = all.filter((d) => d in results);
  const outputs = [...new Set(inputs.map((d) => results[d]))];
  if (inputs.length === 0) return '—';
  if (outputs.length === 1 && inputs.length > 1 && !inputs.every((d) => results[d] === d)) return outputs[0];
  const parts = [];
  if (inputs.some((d) => results[d] === d)) parts.push('same');
  let others = inputs.filter((d) => results[d] !== d);
  const floatOfInt = others.filter((d) => FLOAT_OF_INT[d] === results[d]);
  if (new Set(floatOfInt.map((d) => results[d])).size > 1) {
    parts.push(`float of int for ${unionWords(floatOfInt, all).join(', ')}`);
    others = others.filter((d) => !floatOfInt.includes(d));
  }
  for (const out of all.filter((d) => others.some((i) => results[i] === d))) {
    parts.push(`${out} for ${unionWords(others.filter((i) => results[i] === out), all).join(', ')}`);
  }
  return parts.length === 1 && parts[0] === 'same' ? 'same' : parts.join('; ');
}

const HEADER = `# Operations

Every operation in \`ops\` (also \`operations\`), grouped by family, with the
input dtypes it accepts and the dtype of its result. This file is generated by
\`node scripts/list-operations.js\`, which builds each operation lazily on a tiny
array of each of the 14 dtypes (binary operations get the same dtype twice) and
records which ones are accepted and what they return; \`test/operations-list.test.ts\`
fails when it is out of date. The rules themselves follow NumPy 2 (pointwise,
reductions, scans), scipy.ndimage (filters) and TensorStore (\`coarsen\`), and are
checked against those libraries by the \`test/ops-*.test.ts\`, filter and coarsen
suites. "real" is the integer and float dtypes; "same" means the input's dtype;
"float of int" is NumPy's float for an integer input: float16 for bool, int8 and
uint8, float32 for int16 and uint16, float64 for wider integers.
Every operation of one array is also a method: \`ops.sqrt(a)\` is \`a.sqrt()\`.
`;

/** docs/operations.md, generated from the library `lib` (require('dyna_zarr') or lib/index). */
function operationsMarkdown(lib) {
  const rows = enumerate(lib);
  const all = [...lib.DTYPES];
  const lines = [HEADER];
  const families = [...FAMILIES.map((f) => f.family)];
  for (const family of families) {
    const inFamily = rows.filter((r) => r.family === family);
    if (inFamily.length === 0) continue;
    lines.push(`## ${family} (${inFamily.length})`, '', '| operation | accepted dtypes | result dtype |', '|---|---|---|');
    for (const r of inFamily) {
      const accepted = describeDtypes(all.filter((d) => d in r.results), all);
      const note = ARGUMENT_NOTE[r.name] ? ` (${ARGUMENT_NOTE[r.name]})` : '';
      const rule = describeResult(r.results, all);
      const shown = RESULT_NOTE[r.name] && RESULT_NOTE[r.name][0] === rule ? RESULT_NOTE[r.name][1] : rule;
      lines.push(`| \`${r.name}\` | ${accepted}${note} | ${shown} |`);
    }
    lines.push('');
  }
  lines.push(`${rows.length} operations.`, '');
  return lines.join('\n');
}

module.exports = { enumerate, operationsMarkdown, describeDtypes, describeResult };

if (require.main === module) {
  const lib = require('..');
  const rows = enumerate(lib);
  for (const r of rows.filter((x) => Object.keys(x.results).length === 0)) {
    console.error(`${r.name}: accepts no dtype (${Object.values(r.errors)[0]})`);
  }
  const out = path.join(__dirname, '..', 'docs', 'operations.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, operationsMarkdown(lib));
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${rows.length} operations`);
}
