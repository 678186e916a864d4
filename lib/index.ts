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
