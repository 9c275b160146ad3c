/** Zarr metadata: parsing (v2, v3, groups) and the metadata io.write writes. */
export { parseV2Array, v2ArrayMetadata, parseMetadataObject } from './v2';
export { parseV3Array, v3ArrayMetadata } from './v3';
export { parseFillValue, encodeFillValue, toHalfBits, fromHalfBits } from './fill-value';
export { parseJson, stringifyJson } from './json-text';
export { parseV2DType, v2DTypeString } from './v2-dtype';
