// Where a Hub dataset's files come from: the Hub itself (downloaded into the cache), or, without
// the Hub, the cache or a local mirror. All three use one layout: <org>/<name>/<revision>/<file>.
import * as fs from "fs";
import * as path from "path";
import { settings } from "../settings";
import { download } from "../hub/download";
import { HubError, hubFailure } from "../hub/errors";
import { listHubFiles } from "../hub/list-files";
import { resolveUrl, type RepoRef } from "../hub/repo";

export interface RemoteFile {
  path: string;
  size?: number;
  sha256?: string;
}

export interface FileSource {
  /** For messages: "the Hub", "the cache", "the course's dataset mirror". */
  name: string;
  /** The repo's files at a revision; undefined when this source does not have that revision. */
  list(repo: RepoRef, revision: string): Promise<RemoteFile[] | undefined>;
  /** A path on disk holding the file. */
  fetch(repo: RepoRef, revision: string, file: RemoteFile): Promise<string>;
}

/** <root>/<org>/<name>/<revision>/, revisions like refs/convert/parquet becoming nested folders. */
function revisionDir(root: string, repo: RepoRef, revision: string): string {
  return path.join(root, ...repo.name.split("/"), ...revision.split("/"));
}

export function datasetsCache(): string {
  return path.join(settings.cacheDir, "datasets");
}

function walk(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return walk(path.join(dir, e.name), rel);
    return e.name.endsWith(".incomplete") ? [] : [rel];
  });
}

/** A folder in the <org>/<name>/<revision>/<file> layout (the cache, or a mirror). */
export function folderSource(root: string, name: string): FileSource {
  return {
    name,
    async list(repo, revision) {
      const dir = revisionDir(root, repo, revision);
      if (!fs.existsSync(dir)) return undefined;
      return walk(dir).map((p) => ({ path: p, size: fs.statSync(path.join(dir, p)).size }));
    },
    async fetch(repo, revision, file) {
      return path.join(revisionDir(root, repo, revision), file.path);
    },
  };
}

/** The Hub, downloading into the cache (checked and atomic, see hub/download.ts). */
export function hubSource(): FileSource {
  return {
    name: "the Hub",
    async list(repo, revision) {
      try {
        return await listHubFiles(repo, revision, `the dataset ${repo.name}`);
      } catch (err) {
        if (err instanceof HubError && err.status === 404 && revision !== "main") return undefined; // no such branch (e.g. no Parquet conversion)
        throw err;
      }
    },
    async fetch(repo, revision, file) {
      const dest = path.join(revisionDir(datasetsCache(), repo, revision), file.path);
      if (fs.existsSync(dest) && (file.size === undefined || fs.statSync(dest).size === file.size)) return dest;
      try {
        await download({
          url: resolveUrl(repo, revision, file.path),
          dest,
          label: `${repo.name} ${file.path}`,
          expectedSize: file.size,
          expectedSha256: file.sha256,
        });
      } catch (err) {
        throw hubFailure(`${repo.name} ${file.path}`, err);
      }
      return dest;
    },
  };
}
