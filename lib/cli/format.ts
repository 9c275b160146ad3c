/** Small text helpers shared by the subcommands' human-readable output. */

export function formatShape(shape: readonly number[] | null): string {
  if (shape === null) return 'none';
  return shape.length === 0 ? '() (scalar)' : shape.join(' × ');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** A plain value for JSON: bigint and non-finite floats have no JSON form of their own. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    const withToJSON = value as { toJSON?: () => unknown };
    if (typeof withToJSON.toJSON === 'function') return jsonSafe(withToJSON.toJSON());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/** Element value as text (bigint without the n, NaN as NaN, -0 as -0). */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (Array.isArray(value)) return `${formatValue(value[0])}${Number(value[1]) < 0 || Object.is(value[1], -0) ? '-' : '+'}${formatValue(Math.abs(Number(value[1])))}j`;
  return String(value);
}
