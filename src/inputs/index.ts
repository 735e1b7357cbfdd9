export { decodeRawText, firstInvalidUtf8Offset, firstLongLine, looksLikeGbText, MAX_LINE_LENGTH, type RawEncoding } from './decode-raw-text.ts';
export { listRawFiles, type RawListing } from './list-raw-files.ts';
export { isIsoDate, MANIFEST_COLUMNS, MANIFEST_FILE, parseManifest, readManifest, type IssueDateStatus, type Manifest, type ManifestEntry } from './read-manifest.ts';
export { readRawFile, type RawFile } from './read-raw-file.ts';
