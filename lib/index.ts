/** The public surface of dyna_zarr (DESIGN.md, "Public contract"). */
// Installs a.abs(), a.add(b), a.T, a.sum() … on DynamicArray (see the module).
import './operations/fluent';
import * as operations from './operations/index';

export { io } from './io';
export type {
  ReadOptions, WriteOptions, WriteReport, LevelOutput, WriteLevelsOptions, WriteLevelsReport, WriteOmeZarrOptions, Sink, SinkOptions,
} from './io';
export { operations, operations as ops };
export type { PadWidths, PadOptions, CreationOptions, RandomOptions,
  ReduceOptions, HistogramRange, UniqueOptions, UniqueValues,
  BlockFunction, MapBlocksOptions, MapOverlapOptions, CoarsenMethod } from './operations/index';
export { Codecs } from './codecs/codecs';
export type { CodecsOptions, FilterConfig, ChecksumName } from './codecs/codecs';
export { DynamicArray } from './dynamic-array';
export type { ComputeOptions, ReduceResult } from './dynamic-array';
export { fromArray } from './from-array';
export type { FromArrayOptions } from './from-array';
export { slice, newaxis, Slice } from './graph/selection';
export type { Selection, SelectionItem } from './graph/selection';
export { cluster } from './cluster/index';
export type { SubmitOptions, ClusterWorker, WorkerEvent, WorkerOptions, ClusterConnection, RedisAddress } from './cluster/index';
export { DynaZarrError, isDynaZarrError } from './errors';
export type { ErrorCode } from './errors';
// Types the public functions take or give (reachable from the names above).
export type { Axis } from './operations/reduce';
export type { ReduceNowOptions } from './operations/reduce-now';
export type { JobProgress } from './job/job-spec';
export type { LevelsMethod } from './write/levels';
export type { MapBoundary } from './graph/nodes';
export type { StorageOptions } from './store/remote';
export { DTYPES } from './dtype';
export type { DType, NdArray, TypedArray } from './dtype';
export type { FillValue } from './source-info';
export type { Scalar } from './graph/promotion';
