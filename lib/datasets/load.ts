// loadDataset: Python's `load_dataset` over the Hub's Parquet files, with the cache and the
// course's mirror standing in when the Hub is out of reach.
//   await loadDataset("nyu-mll/glue", "mrpc")                     -> DatasetDict (train/validation/test)
//   await loadDataset("nyu-mll/glue", "mrpc", { split: "train" }) -> Dataset
//   await loadDataset("csv", { dataFiles: "reviews.tsv" })        -> DatasetDict (train)
import { settings } from "../settings";
import { HubError, HubUnreachable } from "../hub/errors";
import { parseRepo, type RepoRef } from "../hub/repo";
import { Dataset } from "./dataset";
import { datasetDict, type DatasetDictWithSplits } from "./dataset-dict";
import { loadLocalFiles, LOCAL_FORMATS, type LocalFormat, type LocalOptions } from "./local-files";
import { readParquet } from "./parquet";
import { orderSplits, parquetLayout, pickConfig } from "./parquet-layout";
import { datasetsCache, folderSource, hubSource, type FileSource, type RemoteFile } from "./sources";

export interface LoadOptions {
  split?: string;
  /** A branch, tag or commit (default: main, then the Parquet conversion refs/convert/parquet). */
  revision?: string;
  /** Read only these columns. */
  columns?: string[];
}

const CONVERTED = "refs/convert/parquet";

interface Found {
  source: FileSource;
  revision: string;
  files: RemoteFile[];
  converted: boolean;
}

/** The first revision of a source that holds Parquet files for the repo. */
async function findParquet(source: FileSource, repo: RepoRef, revision?: string): Promise<Found | undefined> {
  for (const rev of revision ? [revision] : ["main", CONVERTED]) {
    const files = await source.list(repo, rev);
    if (!files) continue;
    const converted = rev.startsWith("refs/convert/");
    const layout = parquetLayout(
      files.map((f) => f.path),
      converted,
    );
    if (layout.configs.size > 0) return { source, revision: rev, files, converted };
  }
  return undefined;
}

async function locate(repo: RepoRef, revision?: string): Promise<{ found: Found; notice?: string }> {
  const offline = [
    folderSource(datasetsCache(), "the cache"),
    folderSource(settings.datasetsMirror, "the course's dataset mirror"),
  ];
  let why = "offline mode (HF_HUB_OFFLINE=1)";
  if (!settings.offline) {
    try {
      const found = await findParquet(hubSource(), repo, revision);
      if (found) return { found };
      throw new HubError(
        `${repo.name} has no Parquet files on the Hub (neither in ${revision ?? `main nor ${CONVERTED}`}); the course reads Hub datasets through their Parquet files.`,
      );
    } catch (err) {
      if (!(err instanceof HubUnreachable)) throw err;
      why = err.message;
    }
  }
  for (const source of offline) {
    const found = await findParquet(source, repo, revision);
    if (found)
      return { found, notice: settings.offline ? undefined : `ℹ ${why}: reading ${repo.name} from ${source.name}.` };
  }
  throw new HubError(
    `${repo.name} is not in the course cache or its dataset mirror, and ${why}. Run the same loadDataset call once while online to cache it.`,
  );
}

export function loadDataset(format: LocalFormat, options: LocalOptions): Promise<DatasetDictWithSplits>;
export function loadDataset(
  repo: string,
  config?: string,
  options?: LoadOptions & { split?: undefined },
): Promise<DatasetDictWithSplits>;
export function loadDataset(
  repo: string,
  config: string | undefined,
  options: LoadOptions & { split: string },
): Promise<Dataset>;
export function loadDataset(repo: string, options: LoadOptions & { split: string }): Promise<Dataset>;
export async function loadDataset(
  repo: string,
  configOrOptions?: string | LoadOptions | LocalOptions,
  maybeOptions: LoadOptions = {},
): Promise<Dataset | DatasetDictWithSplits> {
  if (LOCAL_FORMATS.includes(repo)) return loadLocalFiles(repo as LocalFormat, configOrOptions as LocalOptions);
  const config = typeof configOrOptions === "string" ? configOrOptions : undefined;
  const options = (typeof configOrOptions === "object" ? configOrOptions : maybeOptions) as LoadOptions;
  const ref = parseRepo(repo.startsWith("datasets/") ? repo : `datasets/${repo}`);
  const { found, notice } = await locate(ref, options.revision);
  if (notice) console.log(notice);
  const layout = parquetLayout(
    found.files.map((f) => f.path),
    found.converted,
  );
  const picked = pickConfig(layout, ref.name, config);
  const wanted = options.split ? [options.split] : orderSplits([...picked.splits.keys()]);
  const missing = wanted.filter((s) => !picked.splits.has(s));
  if (missing.length > 0)
    throw new Error(
      `${ref.name}${config ? ` (${config})` : ""} has no split "${missing[0]}". Splits: ${orderSplits([...picked.splits.keys()]).join(", ")}`,
    );
  const splits: Record<string, Dataset> = {};
  for (const split of wanted) {
    const parts = [];
    for (const p of picked.splits.get(split)!) {
      const file = found.files.find((f) => f.path === p)!;
      parts.push(await readParquet(await found.source.fetch(ref, found.revision, file), { columns: options.columns }));
    }
    splits[split] = new Dataset(
      parts.flatMap((t) => t.rows),
      parts[0].features,
      split,
    );
  }
  return options.split ? splits[options.split] : datasetDict(splits);
}
