import { Kernel } from "./lib/jupyter/kernel";
(async () => {
  const k = await Kernel.start({ cwd: "/work/main/notebooks" });
  for (const code of [`import { settings, checkEnvironment, checksText, plot, showChecks } from "hf-course";`, `settings`, `const rows = await checkEnvironment(); console.log(checksText(rows)); showChecks(rows)`, `plot({data:[{x:[1,2,3], y:[3,1,2], name:"a"}], layout:{title:"t"}})`]) {
    const t = Date.now();
    const r = await k.execute(code, { timeoutMs: 60000 });
    console.log(r.status, Date.now()-t, JSON.stringify(r.outputs).slice(0, 600), r.stderr.slice(0, 1000));
  }
  k.kill();
})();
