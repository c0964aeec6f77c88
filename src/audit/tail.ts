import type { FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/**
 * Lines of a file from its end backwards, without reading the whole file: a restarted server
 * continues the chain from the last line of a journal of any size. Stops after `limit` lines or
 * `maxBytes` read.
 */
export async function* linesFromEnd(
  file: FileHandle,
  limit = Number.POSITIVE_INFINITY,
  maxBytes = 64 * 1024 * 1024,
): AsyncGenerator<string> {
  const { size } = await file.stat();
  let position = size;
  let carry = Buffer.alloc(0);
  let yielded = 0;
  let read = 0;
  while (position > 0 && yielded < limit && read < maxBytes) {
    const length = Math.min(CHUNK, position);
    position -= length;
    const chunk = Buffer.alloc(length);
    await file.read(chunk, 0, length, position);
    read += length;
    carry = Buffer.concat([chunk, carry]);
    let end = carry.length;
    for (let i = carry.length - 1; i >= 0 && yielded < limit; i--) {
      if (carry[i] !== 0x0a) continue;
      const line = carry.subarray(i + 1, end).toString('utf8');
      end = i;
      if (line.trim() === '') continue;
      yielded++;
      yield line;
    }
    carry = carry.subarray(0, end);
  }
  if (position === 0 && yielded < limit && carry.length > 0) {
    const line = carry.toString('utf8');
    if (line.trim() !== '') yield line;
  }
}
