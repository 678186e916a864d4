// A Hugging Face Hub on loopback for tests: serves real folders in the Hub's URL layout, so the
// course's real download code (and @huggingface/hub's and transformers.js's) runs against it.
// Implements what those clients call, as huggingface.co answers it:
// - the tree API, `/api/{models|datasets}/{id}[/revision/{rev}]` (repo info with `sha` and `siblings`);
// - resolve URLs `/{id}/resolve/{rev}/{path}` (GET and HEAD) with X-Repo-Commit; a git file is served
//   there with its git blob id as ETag; an LFS file (weights, Parquet, 10 MB+) gets a 302 to a second loopback
//   server, the "CDN" (another port, as cdn-lfs / the xet bridge are other hosts), with X-Linked-Etag
//   (its sha256), X-Linked-Size and X-Repo-Commit on the 302 itself: the CDN's answer has its own
//   S3-style ETag and no Hub headers. Both honour Range (206, 416);
// - errors with X-Error-Code: a repo that does not exist is 401 RepoNotFound to an anonymous request
//   (what the Hub answers, so as not to reveal private repos) and 404 RepoNotFound with a token; a gated
//   repo is 401 (no token) or 403 (wrong token) GatedRepo; 404 RevisionNotFound / EntryNotFound.
// Every request to either server is logged (`requests`, with `host`), and a test can cut a transfer
// mid-file or corrupt one (same size, wrong bytes) once.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

export interface ServedRepo {
  type: "model" | "dataset";
  name: string;
  /**
   * revision (branch or ref, e.g. "main", "refs/convert/parquet") -> the folder(s) served as that
   * revision's tree; with several, later folders add to (and override) earlier ones.
   */
  revisions: Record<string, string | string[]>;
  /** If set, requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** revision -> the commit sha served for it (default: a sha1 of the repo and revision). */
  commits?: Record<string, string>;
}

export interface HubRequest {
  /** "hub" for the Hub itself, "cdn" for the host its 302s point large files to. */
  host: "hub" | "cdn";
  method: string;
  url: string;
  range?: string;
  authorization?: string;
}

export interface TestHub {
  url: string;
  /** The CDN's origin (large files are redirected there). */
  cdnUrl: string;
  requests: HubRequest[];
  /** The next download of a file whose resolve URL ends with `suffix` is cut after `bytes` bytes. */
  cutNext(suffix: string, bytes: number): void;
  /** The next download of a file whose resolve URL ends with `suffix` serves wrong bytes (same size). */
  corruptNext(suffix: string): void;
  close(): Promise<void>;
}

// Which files are stored in LFS: as on the Hub, those the default .gitattributes names (weights,
// archives, Parquet...) and anything of 10 MB or more. Their ETag is the sha256; others' the git blob id.
const LFS_PATTERN =
  /\.(onnx|onnx_data|safetensors|bin|pt|pth|ckpt|h5|msgpack|gguf|parquet|arrow|tflite|npy|npz|pkl|pickle|model|ot|zip|gz|tar|zst|xz|7z|wasm)$/;
const LFS_MIN_SIZE = 10_000_000;

function isLfs(rel: string, size: number): boolean {
  return LFS_PATTERN.test(rel) || size >= LFS_MIN_SIZE;
}

function commitOf(repo: ServedRepo, revision: string): string {
  return repo.commits?.[revision] ?? createHash("sha1").update(`${repo.type}/${repo.name}@${revision}`).digest("hex");
}

/** A revision by name or by the commit it points at (as the Hub accepts both). */
function revisionNamed(repo: ServedRepo, rev: string): string | undefined {
  if (rev in repo.revisions) return rev;
  return Object.keys(repo.revisions).find((r) => commitOf(repo, r) === rev);
}

// Hashing a real 90 MB model at every request would make the tests slow: by path, size and mtime.
const idCache = new Map<string, { key: string; ids: { size: number; sha256: string; blob: string; md5: string } }>();

function fileIds(file: string): { size: number; sha256: string; blob: string; md5: string } {
  const stat = fs.statSync(file);
  const key = `${stat.size}:${stat.mtimeMs}`;
  const known = idCache.get(file);
  if (known?.key === key) return known.ids;
  const data = fs.readFileSync(file);
  const ids = {
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    blob: createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex"),
    md5: createHash("md5").update(data).digest("hex"),
  };
  idCache.set(file, { key, ids });
  return ids;
}

function listFolder(folders: string | string[], sub = ""): string[] {
  return (listTree(folders, sub, true) as { type: string; path: string }[])
    .filter((e) => e.type === "file")
    .map((e) => e.path);
}

function roots(folders: string | string[]): string[] {
  return Array.isArray(folders) ? folders : [folders];
}

/** The file a repo path names: the last overlay folder that has it. */
function locate(folders: string | string[], rel: string): string | undefined {
  for (const root of [...roots(folders)].reverse()) {
    const file = path.join(root, rel);
    if (rel && file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return undefined;
}

function listTree(folders: string | string[], sub: string, recursive: boolean): object[] {
  const names = new Map<string, boolean>(); // name -> is a directory
  for (const root of roots(folders)) {
    const dir = path.join(root, sub);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) names.set(e.name, e.isDirectory());
  }
  const out: object[] = [];
  for (const [name, isDir] of [...names].sort(([a], [b]) => a.localeCompare(b))) {
    const rel = sub ? `${sub}/${name}` : name;
    if (isDir) {
      out.push({ type: "directory", oid: createHash("sha1").update(rel).digest("hex"), size: 0, path: rel });
      if (recursive) out.push(...listTree(folders, rel, true));
    } else {
      const ids = fileIds(locate(folders, rel)!);
      out.push({
        type: "file",
        oid: ids.blob,
        size: ids.size,
        path: rel,
        ...(isLfs(rel, ids.size) ? { lfs: { oid: ids.sha256, size: ids.size, pointerSize: 134 } } : {}),
      });
    }
  }
  return out;
}

/** Sends a file (or its requested range), cut or corrupted once when the test asked for it. */
function sendFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: string,
  headers: Record<string, string | number>,
  logical: string,
  faults: { cuts: { suffix: string; bytes: number }[]; corrupt: string[] },
): void {
  const size = fs.statSync(file).size;
  let start = 0;
  let end = size - 1;
  const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size) {
      res.writeHead(416, { "content-range": `bytes */${size}` });
      return void res.end();
    }
    headers["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["accept-ranges"] = "bytes";
  headers["content-length"] = end - start + 1;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD") return void res.end();
  let body = fs.readFileSync(file).subarray(start, end + 1);
  const bad = faults.corrupt.findIndex((suffix) => logical.endsWith(suffix));
  if (bad >= 0) {
    faults.corrupt.splice(bad, 1);
    body = Buffer.from(body);
    for (let i = 0; i < body.length; i += 4096) body[i] ^= 0xff; // same size, wrong bytes
  }
  const cut = faults.cuts.findIndex((c) => logical.endsWith(c.suffix));
  if (cut >= 0) {
    const { bytes } = faults.cuts.splice(cut, 1)[0];
    res.write(body.subarray(0, bytes), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startHub(repos: ServedRepo[]): Promise<TestHub> {
  const requests: HubRequest[] = [];
  const faults = { cuts: [] as { suffix: string; bytes: number }[], corrupt: [] as string[] };
  // CDN object key -> the file and the resolve path it was asked for (like a signed S3 URL, it names the blob).
  const objects = new Map<string, { file: string; logical: string; name: string }>();

  const find = (type: string, name: string) => repos.find((r) => r.type === type && r.name === name);

  const cdn = http.createServer((req, res) => {
    requests.push({
      host: "cdn",
      method: req.method ?? "GET",
      url: req.url ?? "",
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    const url = new URL(req.url ?? "/", "http://x");
    const object = objects.get(url.pathname);
    if (!object || !url.searchParams.get("X-Amz-Signature")) {
      res.writeHead(403, { "content-type": "application/xml" });
      return res.end("<Error><Code>AccessDenied</Code></Error>");
    }
    const ids = fileIds(object.file);
    sendFile(
      req,
      res,
      object.file,
      {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(object.name)}`,
        etag: `"${ids.md5}"`, // S3's ETag: not the sha256, not the git blob id
      },
      object.logical,
      faults,
    );
  });
  const cdnUrl = await listen(cdn);

  function deny(res: http.ServerResponse, repo: ServedRepo, auth: string | undefined): boolean {
    if (!repo.token) return false;
    if (auth === `Bearer ${repo.token}`) return false;
    res.writeHead(auth ? 403 : 401, { "content-type": "application/json", "x-error-code": "GatedRepo" });
    res.end(
      JSON.stringify({
        error: auth
          ? "Access to this repo is restricted."
          : "Access to model is restricted. You must be authenticated.",
      }),
    );
    return true;
  }

  function notFound(res: http.ServerResponse, code: string) {
    res.writeHead(404, { "content-type": "application/json", "x-error-code": code });
    res.end(JSON.stringify({ error: `${code}` }));
  }

  /** No such repo: 401 to an anonymous request (the Hub does not say whether a private one exists), 404 with a token. */
  function repoNotFound(res: http.ServerResponse, auth: string | undefined) {
    res.writeHead(auth ? 404 : 401, {
      "content-type": "application/json",
      "x-error-code": "RepoNotFound",
      "x-error-message": "Repository not found",
    });
    res.end(JSON.stringify({ error: "Repository not found" }));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization;
    requests.push({
      host: "hub",
      method: req.method ?? "GET",
      url: req.url ?? "",
      range: req.headers.range,
      authorization: auth,
    });
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

    if (url.pathname === "/api/models" || url.pathname === "/api/datasets") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("[]");
    }
    // /api/{models|datasets}/{org}/{name}/tree/{revision}[/{path}]
    // /api/{models|datasets}/{org}/{name}[/revision/{revision}]: the repo's info at a revision
    if (segments[0] === "api" && segments.length >= 4 && (segments.length === 4 || segments[4] === "revision")) {
      const repo = find(segments[1].replace(/s$/, ""), `${segments[2]}/${segments[3]}`);
      if (!repo) return repoNotFound(res, auth);
      if (deny(res, repo, auth)) return;
      const asked = segments.slice(5).join("/");
      const revision = revisionNamed(repo, !asked || asked === "HEAD" ? "main" : asked); // HEAD: the default branch
      if (!revision) return notFound(res, "RevisionNotFound");
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          _id: createHash("sha1").update(repo.name).digest("hex").slice(0, 24),
          id: repo.name,
          sha: commitOf(repo, revision),
          private: false,
          gated: repo.token ? "manual" : false,
          disabled: false,
          downloads: 0,
          likes: 0,
          lastModified: "2024-01-01T00:00:00.000Z",
          siblings: listFolder(repo.revisions[revision]).map((rfilename) => ({ rfilename })),
        }),
      );
    }
    if (segments[0] === "api" && segments[4] === "tree") {
      const repo = find(segments[1].replace(/s$/, ""), `${segments[2]}/${segments[3]}`);
      if (!repo) return repoNotFound(res, auth);
      if (deny(res, repo, auth)) return;
      const rest = segments.slice(5).join("/");
      const names = [...Object.keys(repo.revisions), ...Object.keys(repo.revisions).map((r) => commitOf(repo, r))];
      const given = names.filter((r) => rest === r || rest.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
      const revision = given && revisionNamed(repo, given);
      if (!revision) return notFound(res, "RevisionNotFound");
      const sub = rest.slice(given.length + 1);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify(listTree(repo.revisions[revision], sub, url.searchParams.get("recursive") === "true")),
      );
    }
    // /{org}/{name}/resolve/{revision}/{path}  or  /datasets/{org}/{name}/resolve/{revision}/{path}
    const isDataset = segments[0] === "datasets";
    const s = isDataset ? segments.slice(1) : segments;
    if (s[2] === "resolve") {
      const repo = find(isDataset ? "dataset" : "model", `${s[0]}/${s[1]}`);
      if (!repo) return repoNotFound(res, auth);
      if (deny(res, repo, auth)) return;
      const revision = revisionNamed(repo, s[3]);
      if (!revision) return notFound(res, "RevisionNotFound");
      const root = repo.revisions[revision];
      const rel = s.slice(4).join("/");
      const file = locate(root, rel);
      if (!file) return notFound(res, "EntryNotFound");
      const ids = fileIds(file);
      const commit = commitOf(repo, revision);
      if (isLfs(rel, ids.size)) {
        // LFS: the Hub's 302 carries the file's identity; the bytes come from the CDN.
        const key = `/repos/${createHash("sha1").update(repo.name).digest("hex").slice(0, 8)}/${ids.sha256}`;
        objects.set(key, { file, logical: url.pathname, name: path.basename(rel) });
        res.writeHead(302, {
          location: `${cdnUrl}${key}?X-Amz-Expires=3600&X-Amz-Signature=${createHash("sha1")
            .update(key + Date.now())
            .digest("hex")}`,
          "x-repo-commit": commit,
          "x-linked-etag": `"${ids.sha256}"`,
          "x-linked-size": ids.size,
          etag: `"${ids.sha256}"`,
          "content-type": "text/plain; charset=utf-8",
          "content-length": 0,
        });
        return res.end();
      }
      return sendFile(
        req,
        res,
        file,
        { "content-type": "application/octet-stream", "x-repo-commit": commit, etag: `"${ids.blob}"` },
        url.pathname,
        faults,
      );
    }
    repoNotFound(res, auth);
  });
  const url = await listen(server);
  const stop = (srv: http.Server) =>
    new Promise<void>((resolve) => {
      srv.closeAllConnections();
      srv.close(() => resolve());
    });
  return {
    url,
    cdnUrl,
    requests,
    cutNext: (suffix, bytes) => faults.cuts.push({ suffix, bytes }),
    corruptNext: (suffix) => faults.corrupt.push(suffix),
    close: async () => {
      await Promise.all([stop(server), stop(cdn)]);
    },
  };
}
