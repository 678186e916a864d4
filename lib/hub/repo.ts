// Hub repositories and the URLs of their files.
import { settings } from "../settings";

export type RepoType = "model" | "dataset";

export interface RepoRef {
  type: RepoType;
  /** "org/name" */
  name: string;
}

/** "datasets/nyu-mll/glue" or "nyu-mll/glue" (a model unless `type` says otherwise). */
export function parseRepo(repo: string | RepoRef, type: RepoType = "model"): RepoRef {
  if (typeof repo !== "string") return repo;
  if (repo.startsWith("datasets/")) return { type: "dataset", name: repo.slice("datasets/".length) };
  if (repo.startsWith("models/")) return { type: "model", name: repo.slice("models/".length) };
  return { type, name: repo };
}

/** The Hub's own spelling: models are bare, datasets are prefixed. */
function repoPath(repo: RepoRef): string {
  return repo.type === "model" ? repo.name : `datasets/${repo.name}`;
}

/** The URL that serves one file of a repo at a revision (branch, tag, commit or refs/convert/...). */
export function resolveUrl(repo: RepoRef, revision: string, file: string, endpoint = settings.hubEndpoint): string {
  return `${endpoint}/${repoPath(repo)}/resolve/${encodeURIComponent(revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;
}
