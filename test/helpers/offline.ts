// Runs a piece of a lesson as a learner offline with an empty course cache: the models the course
// ships in data/models/ serve, and what it prints (the one-line notices) is captured.
import * as path from "node:path";
import { settings } from "../../lib/settings";
import { PROJECT, scratchDir } from "./notebooks";

export const ZOO_DIR = path.join(PROJECT, "data", "models");

export async function offline<T>(cacheName: string, f: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const was = { offline: settings.offline, cacheDir: settings.cacheDir, zooDir: settings.zooDir };
  Object.assign(settings, { offline: true, cacheDir: scratchDir(cacheName), zooDir: ZOO_DIR });
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    return { value: await f(), lines };
  } finally {
    console.log = log;
    Object.assign(settings, was);
  }
}
