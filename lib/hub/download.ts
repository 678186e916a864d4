// One file from the Hub into the cache, safely: written under a temporary name, resumed with an
// HTTP Range request after an interruption, checked (size, and sha256 or the git blob hash the
// Hub gives as ETag), then renamed into place. A file at its final path is always complete.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { settings } from "../settings";
import { progressBar, type ProgressBar } from "../progress-bar";
import { DownloadFailedError, HubError, httpError } from "./errors";
import { hubFetch } from "./http";

export interface DownloadRequest {
  url: string;
  /** Final path; the download is written to `${dest}.incomplete` until it is checked. */
  dest: string;
  /** Names the file in progress lines and errors, e.g. "Xenova/gpt2 onnx/model.onnx". */
  label: string;
  expectedSize?: number;
  /** sha256 of the content, e.g. the LFS oid from the Hub's file listing. */
  expectedSha256?: string;
  /** Show a progress bar (default true). */
  progress?: boolean;
  /** Extra request headers (e.g. a package index's credentials). */
  headers?: Record<string, string>;
}

export interface DownloadedFile {
  path: string;
  size: number;
  sha256: string;
  /** The commit the Hub served the file from (X-Repo-Commit), when it says. */
  commit?: string;
}

const ATTEMPTS = 4;

export function partialPath(dest: string): string {
  return `${dest}.incomplete`;
}

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The git blob id of a file: what the Hub's ETag is for files not stored in LFS. */
async function gitBlobSha1(file: string): Promise<string> {
  const hash = createHash("sha1");
  hash.update(`blob ${fs.statSync(file).size}\0`);
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function cleanEtag(etag: string | null): string | undefined {
  return etag?.replace(/^W\//, "").replace(/"/g, "") || undefined;
}

function isNetworkError(err: unknown): boolean {
  return !(err instanceof HubError);
}

interface Attempt {
  total?: number;
  etag?: string;
  commit?: string;
}

const HUB_HEADERS = ["x-linked-etag", "x-linked-size", "x-repo-commit"];

/**
 * GET that follows redirects itself, as huggingface_hub does: the Hub answers a large (LFS) file with a
 * 302 to its CDN, and the file's sha256 (X-Linked-Etag), size (X-Linked-Size) and commit (X-Repo-Commit)
 * are on that 302, not on the CDN's answer. Credentials never follow a redirect to another host.
 */
async function fetchFollowingRedirects(
  url: string,
  headers: Record<string, string>,
): Promise<{ res: Response; hub: Headers }> {
  const hub = new Headers();
  let current = url;
  let sent = headers;
  for (let hop = 0; hop < 10; hop++) {
    const res = await hubFetch()(current, { headers: sent, redirect: "manual" });
    for (const h of HUB_HEADERS) if (!hub.has(h) && res.headers.has(h)) hub.set(h, res.headers.get(h)!);
    const location = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || !location) return { res, hub };
    await res.body?.cancel();
    const next = new URL(location, current);
    if (next.origin !== new URL(current).origin)
      sent = Object.fromEntries(Object.entries(sent).filter(([k]) => k.toLowerCase() !== "authorization"));
    current = next.href;
  }
  throw new HubError(`too many redirects from ${url}`);
}

async function attempt(req: DownloadRequest, partial: string, bar: ProgressBar | undefined): Promise<Attempt> {
  let offset = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
  if (req.expectedSize !== undefined && offset > req.expectedSize) {
    fs.rmSync(partial);
    offset = 0;
  }
  const headers: Record<string, string> = { ...req.headers, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) };
  const { res, hub } = await fetchFollowingRedirects(req.url, headers);
  if (res.status === 416 && offset > 0) {
    // The partial file is not a prefix the server recognises: start over.
    await res.body?.cancel();
    fs.rmSync(partial);
    return attempt(req, partial, bar);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw httpError(req.label, res.status, settings.hasToken, res.headers.get("x-error-code"));
  }
  if (res.status === 200 && offset > 0) offset = 0; // the server ignored the range: rewrite from the start
  if (res.status === 206) {
    const start = Number(res.headers.get("content-range")?.match(/bytes (\d+)-/)?.[1]);
    if (start !== offset) {
      await res.body?.cancel();
      fs.rmSync(partial, { force: true });
      throw new Error(`server resumed at byte ${start}, not ${offset}`);
    }
  }
  const length = Number(res.headers.get("content-length"));
  const rangeTotal = Number(res.headers.get("content-range")?.match(/\/(\d+)$/)?.[1]);
  const linkedSize = Number(hub.get("x-linked-size") ?? NaN);
  const total =
    Number.isFinite(rangeTotal) && rangeTotal > 0
      ? rangeTotal
      : Number.isFinite(length) && res.headers.has("content-length")
        ? offset + length
        : Number.isFinite(linkedSize)
          ? linkedSize
          : req.expectedSize;
  const result: Attempt = {
    total,
    // The Hub's own word (on its 302 for an LFS file) over the CDN's ETag, which is not the file's hash.
    etag: cleanEtag(hub.get("x-linked-etag")) ?? cleanEtag(res.headers.get("etag")),
    commit: hub.get("x-repo-commit") ?? undefined,
  };
  const out = fs.createWriteStream(partial, { flags: offset > 0 ? "a" : "w" });
  let done = offset;
  bar?.update(done, total);
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
        done += chunk.byteLength;
        bar?.update(done, total);
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return result;
}

async function check(req: DownloadRequest, partial: string, got: Attempt): Promise<string> {
  const size = fs.statSync(partial).size;
  const wantSize = req.expectedSize ?? got.total;
  const fail = (why: string) => {
    fs.rmSync(partial, { force: true });
    return new DownloadFailedError(
      `${req.label}: the download was corrupted (${why}) and was deleted; run the same command again to download it afresh.`,
    );
  };
  if (wantSize !== undefined && size !== wantSize) throw fail(`${size} bytes instead of ${wantSize}`);
  const sha256 = await sha256File(partial);
  const wantSha = req.expectedSha256 ?? (got.etag && /^[0-9a-f]{64}$/.test(got.etag) ? got.etag : undefined);
  if (wantSha && sha256 !== wantSha) throw fail(`sha256 ${sha256.slice(0, 12)}… instead of ${wantSha.slice(0, 12)}…`);
  if (!wantSha && got.etag && /^[0-9a-f]{40}$/.test(got.etag)) {
    const blob = await gitBlobSha1(partial);
    if (blob !== got.etag) throw fail(`git blob ${blob.slice(0, 12)}… instead of ${got.etag.slice(0, 12)}…`);
  }
  return sha256;
}

/** Downloads `req.url` to `req.dest`, resuming a partial download and retrying a broken connection. */
export async function download(req: DownloadRequest): Promise<DownloadedFile> {
  fs.mkdirSync(path.dirname(req.dest), { recursive: true });
  const partial = partialPath(req.dest);
  const bar = req.progress === false ? undefined : progressBar(req.label, req.expectedSize);
  let lastError: unknown;
  for (let i = 0; i < ATTEMPTS; i++) {
    let got: Attempt;
    try {
      got = await attempt(req, partial, bar);
    } catch (err) {
      lastError = err;
      if (!isNetworkError(err)) {
        bar?.finish("failed");
        throw err;
      }
      await new Promise((r) => setTimeout(r, 250 * (i + 1)));
      continue; // the partial file stays: the next attempt resumes it
    }
    if (got.total !== undefined && fs.statSync(partial).size < got.total) {
      lastError = new Error("the connection closed early");
      continue;
    }
    const sha256 = await check(req, partial, got).catch((err) => {
      bar?.finish("corrupted");
      throw err;
    });
    fs.renameSync(partial, req.dest);
    bar?.finish("done");
    return { path: req.dest, size: fs.statSync(req.dest).size, sha256, commit: got.commit };
  }
  bar?.finish("interrupted");
  const kept = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
  throw new DownloadFailedError(
    `${req.label}: the download was interrupted ${ATTEMPTS} times (${(lastError as Error)?.message ?? "unknown error"}); ` +
      `${kept} bytes are kept and the next try resumes from there.`,
  );
}
