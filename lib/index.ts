// What the notebooks import: `import { settings, plot, ... } from "../lib";`
export { settings, settingsFromEnv, redactToken, type CourseSettings } from "./settings";
export { checkHub, type HubStatus } from "./hub/reachability";
export { transformers } from "./transformers-env";
export { trainingBackend, nativeBackendInstalled, type TrainingBackend } from "./training/backend";
export { plot, livePlot, LivePlot, figureBundle } from "./plot/plot";
export type { Figure, Trace, Layout } from "./plot/figure";
export { displayBundle } from "./display";
export { checkEnvironment, type CheckRow } from "./setup/check";
export { showChecks, checksText } from "./setup/report";
export { compareBackendSpeeds, type BackendSpeed } from "./training/speed";
export { pipeline } from "./models/pipeline";
export { resolveModel } from "./models/resolve";
export { COURSE_MODELS, defaultModel, type CourseModel, type Task } from "./models/manifest";
export { loadDataset, type LoadOptions } from "./datasets/load";
export { Dataset, type Row, type Batch } from "./datasets/dataset";
export { DatasetDict, datasetDict, type DatasetDictWithSplits } from "./datasets/dataset-dict";
export { progressBar } from "./progress";
