import assert from "node:assert/strict";

/**
 * Checks the Range headers of a download cut once after `cutAt` bytes: a first request without one, then
 * one resume `bytes=N-` with 0 < N <= cutAt, and returns N. Not always cutAt itself: fetch drops the
 * chunks still queued in its body stream when the connection breaks (CI saw 29,967,758 of 30,000,000
 * bytes reach the disk), and the download resumes from what reached the disk.
 */
export function resumedOffset(ranges: (string | undefined)[], cutAt: number): number {
  assert.equal(ranges.length, 2, `two requests, the second resuming: ${JSON.stringify(ranges)}`);
  assert.equal(ranges[0], undefined, "the first request asks for the whole file");
  const offset = Number(ranges[1]?.match(/^bytes=(\d+)-$/)?.[1]);
  assert.ok(offset > 0 && offset <= cutAt, `resumed with ${ranges[1]}, not within the ${cutAt} bytes sent`);
  return offset;
}
