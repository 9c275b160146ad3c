/**
 * The `dyna-zarr` command: commander wiring, exit codes and the one-line
 * error format. Each subcommand is a thin layer over io.read / io.write /
 * compute in its own file.
 *
 * Exit codes: 0 success (compare: identical), 1 an error or (compare) a
 * difference, 2 a usage error, 130 interrupted by Ctrl-C (SIGINT), 143 by
 * SIGTERM.
 */
import { Command, CommanderError, Option } from 'commander';
import { isDynaZarrError } from '../index';
import {
  parseCodecSpec, parseDType, parseIntList, parseLevelMethod, parseLevels, parseStorageOptions, parsePositiveInt, parsePositiveNumber, parseRedisUrl,
  parseZarrFormat,
} from './args';
import { runCompare } from './compare';
import { runConvert } from './convert';
import { runInfo } from './info';
import { runWorker, type WorkerCliOptions } from './worker';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** A usage error already printed by commander; carries the command whose usage to show. */
class UsageExit extends Error {
  constructor(readonly exitCode: number, readonly command: Command) {
    super('usage');
  }
}

function makeProgram(setStatus: (code: number) => void): Command {
  const program = new Command('dyna-zarr');
  program
    .description('Inspect, convert and compare TIFF, Zarr v2 and Zarr v3 arrays (dyna_zarr).')
    .version(readVersion(), '-V, --version')
    .configureOutput({ outputError: (text, write) => write(`dyna-zarr: ${text.replace(/^error: /, '')}`) })
    .showSuggestionAfterError(true);

  program.command('info')
    .description('print shape, dtype, chunks, shards, codecs, fill value, sizes and attributes of an array')
    .argument('<path>', 'Zarr v2/v3 array or group folder, or a TIFF file')
    .option('--json', 'print one JSON object instead of text')
    .option('--array <name>', 'array inside a group (default: OME-Zarr level 0, else the first array)')
    .option('--storage-options <json>', 'for s3:// URLs: {"endpoint","region","accessKeyId","secretAccessKey","sessionToken","virtualHostedStyle"}', parseStorageOptions)
    .action(async (target: string, opts: { json?: boolean; array?: string; storageOptions?: Record<string, unknown> }) => {
      setStatus(await runInfo(target, opts));
    });

  program.command('convert')
    .description('write <in> (TIFF, Zarr v2 or v3) as a Zarr v2 or v3 array at <out>, region by region')
    .argument('<in>', 'input array (Zarr folder, TIFF file, or http(s):// / s3:// Zarr URL)')
    .argument('<out>', 'output Zarr folder or s3:// URL')
    .addOption(new Option('--zarr-format <2|3>', 'output Zarr format (default 3)').argParser(parseZarrFormat))
    .option('--chunks <list>', 'chunk shape, e.g. 64,64,64 (default: the input\'s)', parseIntList)
    .option('--shards <list>', 'shard coefficients per axis (shard = chunks × these), Zarr v3 only', parseIntList)
    .option('--codec <spec>', 'none | zstd[:level] | gzip[:level] | zlib[:level] | lz4 | bz2[:level] | blosc[:cname[:clevel[:shuffle]]]', parseCodecSpec)
    .option('--dtype <type>', 'cast to this dtype (bool int8 … uint64 float16 float32 float64 complex64 complex128)', parseDType)
    .option('--region-size-mb <n>', 'approximate memory per region in MiB', parsePositiveNumber)
    .option('--threads <n>', 'native worker threads', parsePositiveInt)
    .option('--array <name>', 'array inside an input group')
    .option('--overwrite', 'replace <out> if it exists')
    .option('--storage-options <json>', 'for s3:// URLs (both <in> and <out>): {"endpoint","region","accessKeyId","secretAccessKey","sessionToken","virtualHostedStyle"}', parseStorageOptions)
    .option('--quiet', 'no progress bar and no summary')
    .option('--ome', 'write an OME-Zarr image (NGFF 0.5 on Zarr v3, 0.4 on v2) with a multiscale pyramid')
    .option('--levels <n|auto>', 'with --ome: pyramid levels (default auto: until a level fits in one chunk)', parseLevels)
    .option('--method <m>', 'with --ome: mean (default) | mode (labels) | median | min | max | simple', parseLevelMethod)
    .option('--from-pyramid', 'with --ome: copy the pyramid a TIFF stores (SubIFDs or reduced pages) level for level; --levels N takes the first N')
    .option('--cluster <url>', 'run the write on cluster workers through this Redis (redis://HOST:PORT)', parseRedisUrl)
    .option('--partitions <n>', 'with --cluster: number of partitions (default: one per region, at most 64)', parsePositiveInt)
    .action(async (input: string, output: string, opts: Record<string, unknown>, command: Command) => {
      if (!opts.ome && (opts.levels !== undefined || opts.method !== undefined)) command.error('error: --levels and --method need --ome');
      if (!opts.ome && opts.fromPyramid) command.error('error: --from-pyramid needs --ome');
      if (opts.fromPyramid && opts.method !== undefined) command.error('error: --method does not apply with --from-pyramid (the stored levels are copied)');
      if (opts.cluster && opts.ome) command.error('error: --ome cannot run on --cluster yet');
      if (!opts.cluster && opts.partitions !== undefined) command.error('error: --partitions needs --cluster');
      setStatus(await runConvert(input, output, opts));
    });

  program.command('worker')
    .description('run partitions of cluster writes (convert --cluster) until SIGTERM or SIGINT')
    .requiredOption('--cluster <url>', 'the Redis of the cluster (redis://HOST:PORT)', parseRedisUrl)
    .option('--concurrency <n>', 'partitions run at once (default 1)', parsePositiveInt)
    .option('--threads <n>', 'native threads per partition (default: cores / concurrency)', parsePositiveInt)
    .option('--queue <name>', 'BullMQ queue name (default dyna-zarr)')
    .option('--lock-ms <n>', 'lock on a running partition; a dead worker\'s partition is retried after about this long (default 30000)', parsePositiveInt)
    .option('--stalled-ms <n>', 'how often to look for partitions of dead workers (default 30000)', parsePositiveInt)
    .option('--quiet', 'no log lines')
    .action(async (opts: WorkerCliOptions) => {
      setStatus(await runWorker(opts));
    });

  program.command('compare')
    .description('exit 0 when <a> and <b> have the same shape, dtype and values (NaN equals NaN), else 1')
    .argument('<a>', 'first array')
    .argument('<b>', 'second array')
    .option('--slab-mb <n>', 'memory per array per comparison step in MiB (default 64)', parsePositiveNumber)
    .action(async (a: string, b: string, opts: { slabMb?: number }) => {
      setStatus(await runCompare(a, b, opts));
    });

  for (const command of [program, ...program.commands]) {
    command.exitOverride((err) => {
      throw new UsageExit(err.exitCode, command);
    });
  }
  return program;
}

function readVersion(): string {
  // dist/cjs/cli → the package root is three levels up; lib/cli (ts-jest) two.
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file at either layout's path
      return (require(up) as { version: string }).version;
    } catch {
      /* try the next layout */
    }
  }
  return 'unknown';
}

function usageLine(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return `Usage: ${names.join(' ')} ${command.usage()}\nRun '${names.join(' ')} --help' for details.\n`;
}

/** Runs the command line; resolves to the process exit status (never calls process.exit). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let status = EXIT_OK;
  const program = makeProgram((code) => {
    status = code;
  });
  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (err) {
    if (err instanceof UsageExit) {
      const cause = err.exitCode;
      // --help and --version also arrive here, with exit code 0.
      if (cause === 0) return EXIT_OK;
      process.stderr.write(usageLine(err.command));
      return EXIT_USAGE;
    }
    if (err instanceof CommanderError) return EXIT_USAGE;
    const code = isDynaZarrError(err) ? err.code : 'ERR_ZARR_INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`dyna-zarr: ${code}: ${message.split('\n')[0]}\n`);
    if (process.env.DYNA_ZARR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
