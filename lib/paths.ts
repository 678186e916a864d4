// Where the course's own files are, whether lib runs from its sources (tsx) or from lib/dist.
import * as path from "path";

/** The lib/ folder. */
export const LIB_ROOT = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
/** The course folder (package.json, notebooks/, data/). */
const PROJECT_ROOT = path.dirname(LIB_ROOT);
/** The offline model zoo shipped with the course. */
export const ZOO_DIR = path.join(PROJECT_ROOT, "data", "models");
/** Datasets shipped with the course, laid out as <org>/<name>/<revision>/<file> (a Hub mirror). */
export const DATASETS_MIRROR = path.join(PROJECT_ROOT, "data", "datasets");
