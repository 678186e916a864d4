// `npm run models -- pin`: records the commit the Hub serves each course checkpoint from, so
// every learner downloads the same files. Run by the course's maintainers while online.
import { writeJsonAtomic } from "../../lib/atomic-write";
import { PINS_FILE } from "../../lib/models/pins";
import { settings } from "../../lib/settings";
import { httpError } from "../../lib/hub/errors";
import { hubFetch } from "../../lib/hub/http";
import { resolveUrl } from "../../lib/hub/repo";

/** The commit a repo's branch points at, from the X-Repo-Commit header of a one-byte request. */
export async function currentCommit(id: string, branch = "main"): Promise<string> {
  const res = await hubFetch()(resolveUrl({ type: "model", name: id }, branch, "config.json"), {
    headers: { range: "bytes=0-0" },
  });
  await res.body?.cancel();
  if (!res.ok) throw httpError(`${id} config.json`, res.status, settings.hasToken, res.headers.get("x-error-code"));
  const commit = res.headers.get("x-repo-commit");
  if (!commit || !/^[0-9a-f]{40}$/.test(commit))
    throw new Error(`${id}: the Hub did not say which commit it served (no X-Repo-Commit header)`);
  return commit;
}

/** Writes pins.json (ids sorted, indented by 2), atomically. */
export function writePins(pins: Record<string, string>, file = PINS_FILE): void {
  writeJsonAtomic(file, Object.fromEntries(Object.entries(pins).sort(([a], [b]) => a.localeCompare(b))), 2);
}
