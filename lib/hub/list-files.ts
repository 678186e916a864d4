// The files of a Hub repo at a revision, as the Hub lists them (sizes, and each LFS file's sha256):
// one listing for models and datasets, its failures worded by hubFailure (errors.ts).
import { listFiles } from "@huggingface/hub";
import { settings } from "../settings";
import { hubFailure } from "./errors";
import { hubFetch } from "./http";
import type { RepoRef } from "./repo";

export interface HubFile {
  path: string;
  size: number;
  /** LFS files only: the sha256 the Hub publishes, checked after download. */
  sha256?: string;
}

/** Every file of `repo` at `revision`, in subfolders too; a failure is a HubError about `what` ("Xenova/gpt2", "the dataset nyu-mll/glue"). */
export async function listHubFiles(repo: RepoRef, revision: string, what: string): Promise<HubFile[]> {
  const files: HubFile[] = [];
  try {
    for await (const entry of listFiles({
      repo,
      revision: encodeURIComponent(revision),
      recursive: true,
      hubUrl: settings.hubEndpoint,
      accessToken: settings.token,
      fetch: hubFetch(),
    })) {
      if (entry.type === "file") files.push({ path: entry.path, size: entry.size, sha256: entry.lfs?.oid });
    }
  } catch (err) {
    throw hubFailure(what, err);
  }
  return files;
}
