// A Hugging Face Hub on loopback for tests: serves real folders in the Hub's URL layout, so the
// course's real download code (and @huggingface/hub's and transformers.js's) runs against it.
// Implements what those clients call: the tree API, file resolve URLs with ETag, X-Linked-Size,
// X-Repo-Commit and Range requests, 401/403 for gated repos, 404 with X-Error-Code.
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
}

export interface HubRequest {
  method: string;
  url: string;
  range?: string;
  authorization?: string;
}

export interface TestHub {
  url: string;
  requests: HubRequest[];
  /** The next download of a file whose URL ends with `suffix` is cut after `bytes` bytes. */
  cutNext(suffix: string, bytes: number): void;
  close(): Promise<void>;
}

const LFS_THRESHOLD = 10 * 1024; // files this large are "LFS" files: their ETag is the sha256

function commitOf(repo: ServedRepo, revision: string): string {
  return createHash("sha1").update(`${repo.type}/${repo.name}@${revision}`).digest("hex");
}

/** A revision by name or by the commit it points at (as the Hub accepts both). */
function revisionNamed(repo: ServedRepo, rev: string): string | undefined {
  if (rev in repo.revisions) return rev;
  return Object.keys(repo.revisions).find((r) => commitOf(repo, r) === rev);
}

function fileIds(file: string): { size: number; sha256: string; blob: string } {
  const data = fs.readFileSync(file);
  return {
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    blob: createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex"),
  };
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
        type: "file", oid: ids.blob, size: ids.size, path: rel,
        ...(ids.size >= LFS_THRESHOLD ? { lfs: { oid: ids.sha256, size: ids.size, pointerSize: 134 } } : {}),
      });
    }
  }
  return out;
}

export async function startHub(repos: ServedRepo[]): Promise<TestHub> {
  const requests: HubRequest[] = [];
  const cuts: { suffix: string; bytes: number }[] = [];

  const find = (type: string, name: string) => repos.find((r) => r.type === type && r.name === name);

  function deny(res: http.ServerResponse, repo: ServedRepo, auth: string | undefined): boolean {
    if (!repo.token) return false;
    if (auth === `Bearer ${repo.token}`) return false;
    res.writeHead(auth ? 403 : 401, { "content-type": "application/json", "x-error-code": "GatedRepo" });
    res.end(JSON.stringify({ error: auth ? "Access to this repo is restricted." : "Access to model is restricted. You must be authenticated." }));
    return true;
  }

  function notFound(res: http.ServerResponse, code: string) {
    res.writeHead(404, { "content-type": "application/json", "x-error-code": code });
    res.end(JSON.stringify({ error: `${code}` }));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = req.headers.authorization;
    requests.push({ method: req.method ?? "GET", url: req.url ?? "", range: req.headers.range, authorization: auth });
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);

    if (url.pathname === "/api/models" || url.pathname === "/api/datasets") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("[]");
    }
    // /api/{models|datasets}/{org}/{name}/tree/{revision}[/{path}]
    if (segments[0] === "api" && segments[4] === "tree") {
      const repo = find(segments[1].replace(/s$/, ""), `${segments[2]}/${segments[3]}`);
      if (!repo) return notFound(res, "RepoNotFound");
      if (deny(res, repo, auth)) return;
      const rest = segments.slice(5).join("/");
      const names = [...Object.keys(repo.revisions), ...Object.keys(repo.revisions).map((r) => commitOf(repo, r))];
      const given = names.filter((r) => rest === r || rest.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
      const revision = given && revisionNamed(repo, given);
      if (!revision) return notFound(res, "RevisionNotFound");
      const sub = rest.slice(given.length + 1);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(listTree(repo.revisions[revision], sub, url.searchParams.get("recursive") === "true")));
    }
    // /{org}/{name}/resolve/{revision}/{path}  or  /datasets/{org}/{name}/resolve/{revision}/{path}
    const isDataset = segments[0] === "datasets";
    const s = isDataset ? segments.slice(1) : segments;
    if (s[2] === "resolve") {
      const repo = find(isDataset ? "dataset" : "model", `${s[0]}/${s[1]}`);
      if (!repo) return notFound(res, "RepoNotFound");
      if (deny(res, repo, auth)) return;
      const revision = revisionNamed(repo, s[3]);
      if (!revision) return notFound(res, "RevisionNotFound");
      const root = repo.revisions[revision];
      const rel = s.slice(4).join("/");
      const file = locate(root, rel);
      if (!file) return notFound(res, "EntryNotFound");
      const ids = fileIds(file);
      const headers: Record<string, string | number> = {
        "accept-ranges": "bytes",
        "content-type": "application/octet-stream",
        "x-repo-commit": commitOf(repo, revision),
        etag: `"${ids.size >= LFS_THRESHOLD ? ids.sha256 : ids.blob}"`,
        ...(ids.size >= LFS_THRESHOLD ? { "x-linked-etag": `"${ids.sha256}"`, "x-linked-size": ids.size } : {}),
      };
      let start = 0;
      let end = ids.size - 1;
      const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
      if (range) {
        start = Number(range[1]);
        end = range[2] ? Math.min(Number(range[2]), ids.size - 1) : ids.size - 1;
        if (start >= ids.size) {
          res.writeHead(416, { "content-range": `bytes */${ids.size}` });
          return res.end();
        }
        headers["content-range"] = `bytes ${start}-${end}/${ids.size}`;
      }
      headers["content-length"] = end - start + 1;
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === "HEAD") return res.end();
      const body = fs.readFileSync(file).subarray(start, end + 1);
      const cut = cuts.findIndex((c) => url.pathname.endsWith(c.suffix));
      if (cut >= 0) {
        const { bytes } = cuts.splice(cut, 1)[0];
        res.write(body.subarray(0, bytes), () => res.socket?.destroy());
        return;
      }
      return res.end(body);
    }
    notFound(res, "RepoNotFound");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutNext: (suffix, bytes) => cuts.push({ suffix, bytes }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
