import { startHub } from "./test/helpers/hub-server";
import { settings } from "./lib/settings";
import { transformers } from "./lib/transformers-env";
(async () => {
  const hub = await startHub([{ type: "model", name: "Xenova/all-MiniLM-L6-v2", revisions: { main: "/work/shared/models/Xenova/all-MiniLM-L6-v2" } },
    { type: "model", name: "Xenova/bert-base-NER", revisions: { main: "/work/shared/models/Xenova/bert-base-NER" } }]);
  settings.hubEndpoint = hub.url; settings.cacheDir = "/tmp/try-cache";
  const { ModelRegistry } = transformers();
  for (const [task, id] of [["feature-extraction", "Xenova/all-MiniLM-L6-v2"], ["token-classification", "Xenova/bert-base-NER"]]) {
    for (const dtype of ["fp32", "q8"]) {
      try { console.log(task, dtype, await ModelRegistry.get_pipeline_files(task, id, { dtype: dtype as any })); } catch (e) { console.log("ERR", (e as Error).message); }
    }
  }
  console.log(hub.requests.map((r) => `${r.method} ${r.url} ${r.range ?? ""}`).join("\n"));
  await hub.close();
})();
