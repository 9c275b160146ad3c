/**
 * Parsers for the command's option values. They throw commander's
 * InvalidArgumentError so a bad value is a usage error (exit 2) reported
 * with the option's name, before any file is touched.
 */
import { InvalidArgumentError } from 'commander';
import { Codecs, type DType } from '../index';
import { DTYPES } from '../dtype';

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return Number(value);
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  }
  return n;
}

/** "64,64,64" → [64, 64, 64]; every entry a positive integer. */
export function parseIntList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    throw new InvalidArgumentError(`expected comma-separated positive integers such as 64,64,64, got "${value}"`);
  }
  return parts.map(Number);
}

export function parseZarrFormat(value: string): 2 | 3 {
  if (value !== '2' && value !== '3') throw new InvalidArgumentError(`expected 2 or 3, got "${value}"`);
  return value === '2' ? 2 : 3;
}

export function parseDType(value: string): DType {
  if (!(DTYPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${DTYPES.join(' ')}, got "${value}"`);
  }
  return value as DType;
}

function level(text: string | undefined, spec: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw new InvalidArgumentError(`level must be an integer in "${spec}"`);
  return Number(text);
}

/**
 * --codec SPEC: none | zstd[:level] | gzip[:level] | zlib[:level] | lz4 |
 * bz2[:level] | blosc[:cname[:clevel[:shuffle]]]. The Codecs constructor
 * checks ranges and names; its message becomes the usage error.
 */
export function parseCodecSpec(spec: string): Codecs {
  const [name, ...rest] = spec.trim().split(':');
  const tooMany = (max: number): void => {
    if (rest.length > max) throw new InvalidArgumentError(`too many ":" fields in codec "${spec}"`);
  };
  try {
    switch (name) {
      case 'none':
        tooMany(0);
        // A Codecs without compressor, not null: commander takes a parser's null as "no value" and stores true.
        return new Codecs({ compressor: null });
      case 'zstd': case 'gzip': case 'zlib': case 'bz2':
        tooMany(1);
        return new Codecs({ compressor: name, clevel: level(rest[0], spec) });
      case 'lz4':
        tooMany(0);
        return new Codecs({ compressor: 'lz4' });
      case 'blosc': {
        tooMany(3);
        const [cname, clevel, shuffle] = rest;
        return new Codecs({
          compressor: 'blosc',
          ...(cname ? { cname: cname as never } : {}),
          ...(clevel ? { clevel: level(clevel, spec) } : {}),
          ...(shuffle ? { shuffle: shuffle as never } : {}),
        });
      }
      default:
        throw new InvalidArgumentError(
          `unknown codec "${spec}" (expected none, zstd[:level], gzip[:level], zlib[:level], lz4, bz2[:level] or blosc[:cname[:clevel[:shuffle]]])`,
        );
    }
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw err;
    throw new InvalidArgumentError((err as Error).message.replace(/^Codecs: /, ''));
  }
}

/** --levels N|auto: the OME-Zarr level count. */
export function parseLevels(value: string): number | 'auto' {
  if (value.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`expected a positive integer or "auto", got "${value}"`);
  return Number(value);
}

const LEVEL_METHODS = ['mean', 'median', 'mode', 'min', 'max', 'simple'] as const;

/** --method: how each OME-Zarr level is reduced from the source. */
export function parseLevelMethod(value: string): (typeof LEVEL_METHODS)[number] {
  if (!(LEVEL_METHODS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${LEVEL_METHODS.join(' ')}, got "${value}"`);
  return value as (typeof LEVEL_METHODS)[number];
}

/** --cluster redis://HOST:PORT */
export function parseRedisUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    /* reported below */
  }
  if (!url || url.protocol !== 'redis:' || !url.hostname) throw new InvalidArgumentError(`expected redis://HOST:PORT, got "${value}"`);
  return value;
}

/** --storage-options JSON: the storageOptions object of io.read / io.write for URLs (checked there). */
export function parseStorageOptions(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new InvalidArgumentError(`expected a JSON object such as {"endpoint":"http://127.0.0.1:9000"}: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError(`expected a JSON object, got ${value}`);
  return parsed as Record<string, unknown>;
}
