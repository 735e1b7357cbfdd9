/** Types of stream-entry.mjs (plain JavaScript, so the deflate workers load it without tsx). */
export declare const CHUNK: number;
export declare const ARCHIVE_LEVEL: number;
export declare function crc32(data: Uint8Array, crc: number): number;
export declare function writeAll(fd: number, data: Uint8Array, position?: number): void;
export declare function streamEntry(fd: number, deflated: boolean, write: (data: Uint8Array) => void, level?: number): { crc: number; size: number };
