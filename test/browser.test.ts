// What a learner sees: JupyterLab (started by `npm start`) in headless Chromium runs the setup
// notebook with the TypeScript kernel; the checks print and the Plotly chart draws.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { chromium, type Page } from "playwright-core";
import { makeNotebook, PROJECT, scratchDir } from "./helpers/notebooks";
import { startLab } from "./helpers/lab";
import { seedRealCheckpoints } from "../tools/models/seed-real-checkpoints";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
// On CI a missing browser is a failure (.ci/run installs it); on a laptop without it, a skip.
const skip = !haveChromium && !process.env.CI ? `no Chromium at ${CHROMIUM} (apt install chromium)` : false;

/** Opens a notebook (no tabs restored from an earlier session), waits for the TypeScript kernel to be attached and idle, and runs all cells. */
async function openAndRunAll(page: Page, lab: { base: string; token: string }, file: string): Promise<string> {
  const rel = path.relative(PROJECT, file).split(path.sep).join("/");
  await page.goto(`${lab.base}/lab/tree/${rel}?reset&token=${lab.token}`);
  await page.locator(".jp-Notebook:visible").first().waitFor({ timeout: 120_000 });
  await page.locator(".jp-Toolbar-kernelName", { hasText: "TypeScript" }).first().waitFor({ timeout: 120_000 });
  await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor({ timeout: 120_000 });
  await runAllCells(page);
  return rel;
}

async function runAllCells(page: Page): Promise<void> {
  await page.getByRole("menuitem", { name: "Run", exact: true }).click();
  await page.getByRole("menuitem", { name: /^Run All Cells/ }).click();
}

// JupyterLab renders only the cells near the view (a windowed notebook): outputs are read by scrolling.
const SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer";

/** Scrolls the notebook to `top` px; true when that is the end. */
function scrollTo(page: Page, top: number): Promise<boolean> {
  return page.evaluate(
    ([sel, y]) => {
      const e = document.querySelector(sel as string) as HTMLElement;
      e.scrollTop = y as number;
      return e.scrollTop + e.clientHeight >= e.scrollHeight - 2;
    },
    [SCROLLER, top] as const,
  );
}

/** The text of the outputs rendered now (outputs only: the code mentions the same words). */
async function renderedOutputs(page: Page): Promise<string> {
  return (await page.locator(".jp-Notebook:visible .jp-OutputArea-output").allInnerTexts()).join("\n");
}

/** Waits until the end of the notebook shows `last` (the last cell ran), then reads every output top to bottom. */
async function allOutputs(page: Page, last: RegExp, timeoutMs = 600_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await scrollTo(page, 1e9);
    if (last.test(await renderedOutputs(page))) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  let text = "";
  for (let y = 0, end = false; !end && y < 1e6; y += 1500) {
    end = await scrollTo(page, y);
    await new Promise((r) => setTimeout(r, 300));
    text += await renderedOutputs(page);
  }
  assert.match(text, last, "the last cell ran");
  return text;
}

test(
  "JupyterLab runs 00-setup with the TypeScript kernel and shows its checks and chart",
  { skip, timeout: 900_000 },
  async () => {
    const out = scratchDir("browser");
    // A copy inside the project (so "hf-course" resolves): running it in the browser saves outputs into it.
    const copy = path.join(out, "00-setup.ipynb");
    fs.copyFileSync(path.join(PROJECT, "notebooks", "00-setup.ipynb"), copy);
    const lab = await startLab();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
      await openAndRunAll(page, lab, copy);
      const text = await allOutputs(page, /(wasm|tensorflow): \d+\.\d+ GFLOP\/s/, 300_000);
      await scrollTo(page, 1e9);
      const chart = page.locator(".jp-OutputArea .js-plotly-plot .main-svg").first();
      await chart.waitFor({ state: "attached", timeout: 60_000 });
      await chart.scrollIntoViewIfNeeded();
      await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor({ timeout: 300_000 });
      for (const item of [
        "Node.js",
        "Kernel",
        "Training backend",
        "Cache folder",
        "Free disk space",
        "Hugging Face Hub",
        "HF_TOKEN",
        "cacheDir",
      ]) {
        assert.ok(text.includes(item), `the page shows "${item}"`);
      }
      assert.match(text, /(wasm|tensorflow): \d+\.\d+ GFLOP\/s/);
      assert.doesNotMatch(text, /Error:|Cannot find/);
      // JupyterLab asks "Would you like to receive official Jupyter news?" unless the course's settings say no.
      assert.doesNotMatch(await page.locator("body").innerText(), /Jupyter news/);
      const titles = await page
        .locator(".jp-OutputArea .js-plotly-plot .gtitle, .jp-OutputArea .js-plotly-plot .ytitle")
        .allTextContents();
      assert.deepEqual(titles, ["Matrix multiplication speed on this machine", "GFLOP/s"]);
      const bars = await page.locator(".jp-OutputArea .js-plotly-plot .bars .point").count();
      assert.equal(bars, 2, "the chart draws one bar per backend");
      // Every code cell ran: a number in each prompt, none still waiting.
      const prompts = await page.locator(".jp-CodeCell .jp-InputArea-prompt").allInnerTexts();
      assert.ok(prompts.length >= 4 && prompts.every((p) => /\[\d+\]/.test(p)), prompts.join(" "));
      await page.locator(".jp-OutputArea .js-plotly-plot").first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(out, "00-setup.png"), fullPage: true });
      assert.ok(fs.statSync(path.join(out, "00-setup.png")).size > 10_000);
    } finally {
      await browser.close();
      await lab.stop();
    }
  },
);

test(
  "JupyterLab runs chapter 1 offline: real pipeline outputs and the similarity heatmap",
  { skip, timeout: 900_000 },
  async () => {
    const out = scratchDir("browser-ch1");
    const copy = path.join(out, "01-pipelines.ipynb");
    fs.copyFileSync(path.join(PROJECT, "notebooks", "01-pipelines.ipynb"), copy);
    const cache = scratchDir("browser-ch1-cache");
    await seedRealCheckpoints(cache); // as a learner has them once online (npm run models -- pull)
    const lab = await startLab(600_000, { HF_HUB_OFFLINE: "1", HF_COURSE_CACHE: cache });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
      await openAndRunAll(page, lab, copy);
      const text = await allOutputs(page, /HF_TOKEN set|a token is set/);
      assert.match(text, /POSITIVE|NEGATIVE/, "the sentiment pipeline's labels");
      assert.match(text, /offline stand-in/, "the offline notice");
      assert.match(text, /entity_group/, "grouped entities");
      assert.match(text, /summary_text|translation_text|generated_text/);
      assert.doesNotMatch(text, /Error:|Cannot find|is not defined/);
      // What the learner sees: the heatmap drawn by Plotly in the page.
      await scrollTo(page, 0);
      const heatmap = page.locator(".jp-OutputArea .js-plotly-plot", { hasText: "Cosine similarity" }).first();
      await heatmap.scrollIntoViewIfNeeded({ timeout: 60_000 });
      await heatmap.locator(".main-svg").first().waitFor({ state: "attached", timeout: 60_000 });
      await page.screenshot({ path: path.join(out, "01-pipelines.png"), fullPage: false });
      assert.ok(fs.statSync(path.join(out, "01-pipelines.png")).size > 10_000);
    } finally {
      await browser.close();
      await lab.stop();
    }
  },
);

/** Runs one cell (click into it, Shift+Enter) and waits until its prompt shows a new execution count. */
async function runCell(page: Page, cell: ReturnType<Page["locator"]>): Promise<void> {
  const prompt = cell.locator(".jp-InputArea-prompt");
  const before = await prompt.innerText();
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".jp-InputArea-editor").click();
  await page.keyboard.press("Shift+Enter");
  for (let i = 0; i < 600; i++) {
    const now = await prompt.innerText();
    if (/\[\d+\]/.test(now) && now !== before) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.screenshot({ path: path.join(scratchDir("browser-lab-failure"), "run-cell.png") });
  assert.fail(`the cell did not run (prompt ${await prompt.innerText()})`);
}

/** The kernel status JupyterLab shows: status bar ("TypeScript | Busy") and the toolbar's indicator. */
async function kernelStatus(page: Page): Promise<{ bar: string; toolbar: string | null }> {
  const bar =
    (await page.locator(".jp-StatusBar-Widget").allInnerTexts()).join(" ").match(/TypeScript \| (\w+)/)?.[1] ?? "?";
  const toolbar = await page
    .locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator")
    .first()
    .getAttribute("data-status");
  return { bar, toolbar };
}

test(
  "JupyterLab: Busy while queued cells run, Idle after; charts draw after a page reload and in the re-opened notebook, which stays small; $ in a table is text",
  { skip, timeout: 900_000 },
  async () => {
    const out = scratchDir("browser-lab");
    const file = makeNotebook(out, "lab.ipynb", [
      `import { plot, Dataset } from "hf-course";\n"ready"`,
      `await new Promise((r) => setTimeout(r, 12_000));\n"slept"`,
      `plot({ data: [{ type: "bar", x: ["wasm", "cpu"], y: [18, 1] }], layout: { title: "A chart" } });`,
      `Dataset.fromRows([{ text: "Shares rose $ 693 million ... for $ 1.2 billion" }]).show();`,
    ]);
    const lab = await startLab();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      const rel = await openAndRunAll(page, lab, file);
      const prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt");
      // The first cell is done, the second still running (the third and fourth queued): the kernel is busy.
      await page.waitForFunction(
        () => {
          const p = Array.from(
            document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt"),
          ).map((e) => (e as HTMLElement).innerText);
          return /\[\d+\]/.test(p[0] ?? "") && /\[\*\]/.test(p[1] ?? "");
        },
        undefined,
        { timeout: 120_000 },
      );
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepEqual(
        await kernelStatus(page),
        { bar: "Busy", toolbar: "busy" },
        "JupyterLab shows Busy while the second cell runs",
      );
      await page.screenshot({ path: path.join(out, "status-busy.png") });
      await page.locator(".jp-OutputArea-output", { hasText: "693 million" }).first().waitFor({ timeout: 120_000 });
      await page.waitForFunction(
        () => /TypeScript \| Idle/.test(document.querySelector(".jp-StatusBar-Widget")?.parentElement?.innerText ?? ""),
        undefined,
        { timeout: 30_000 },
      );
      assert.deepEqual(await kernelStatus(page), { bar: "Idle", toolbar: "idle" }, "and Idle when all are done");
      assert.ok((await prompts.allInnerTexts()).every((p) => /\[\d+\]/.test(p)));
      // The chart: drawn by Plotly's JupyterLab renderer.
      await page
        .locator(".jp-OutputArea .jp-RenderedPlotly .main-svg")
        .first()
        .waitFor({ state: "attached", timeout: 60_000 });
      // The table: its $ signs are text, not MathJax.
      const table = page.locator(".jp-OutputArea-output", { hasText: "693 million" }).first();
      assert.match(await table.innerText(), /\$ 693 million \.\.\. for \$ 1\.2 billion/);
      assert.equal(await table.locator("mjx-container, .MathJax").count(), 0, "nothing typeset as math");
      await page.screenshot({ path: path.join(out, "idle-chart-table.png") });

      // Reload the page while the kernel keeps running, then draw a new chart.
      await page.keyboard.press("Control+s");
      await new Promise((r) => setTimeout(r, 1500));
      await page.reload();
      await page.locator(".jp-Notebook:visible").first().waitFor({ timeout: 120_000 });
      await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor({ timeout: 120_000 });
      const chartCell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(2);
      await runCell(page, chartCell);
      await chartCell.locator(".jp-RenderedPlotly .main-svg").first().waitFor({ state: "attached", timeout: 60_000 });
      assert.equal(
        await chartCell.locator(".jp-RenderedPlotly .bars .point").count(),
        2,
        "the new chart is drawn by Plotly after the reload",
      );
      await chartCell.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(out, "reload-chart.png") });
      await page.keyboard.press("Escape");

      // Reconnecting while a cell runs (a reload here; a second tab or a network blip alike): JupyterLab asks
      // for kernel_info and history, which tslab answered with busy then idle, and it showed Idle until the end.
      const sleepCell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(1);
      await sleepCell.locator(".jp-InputArea-editor").click();
      await page.keyboard.press("Shift+Enter");
      await page.waitForFunction(
        () => /TypeScript \| Busy/.test(document.querySelector(".jp-StatusBar-Widget")?.parentElement?.innerText ?? ""),
        undefined,
        { timeout: 30_000 },
      );
      await page.reload();
      await page.locator(".jp-Notebook:visible").first().waitFor({ timeout: 120_000 });
      await page.locator(".jp-StatusBar-Widget", { hasText: "TypeScript |" }).first().waitFor({ timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal((await kernelStatus(page)).bar, "Busy", "still Busy after reconnecting while the cell runs");
      await page.screenshot({ path: path.join(out, "status-busy-after-reload.png") });
      await page.waitForFunction(
        () => /TypeScript \| Idle/.test(document.querySelector(".jp-StatusBar-Widget")?.parentElement?.innerText ?? ""),
        undefined,
        { timeout: 60_000 },
      );
      await page.keyboard.press("Control+s");
      await new Promise((r) => setTimeout(r, 2000));

      // The saved notebook: small, the figure as Plotly's MIME type next to its SVG, no script.
      const saved = fs.readFileSync(file, "utf8");
      assert.ok(saved.length < 300_000, `the saved notebook is small (${saved.length} bytes)`);
      assert.match(saved, /application\/vnd\.plotly\.v1\+json/);
      assert.match(saved, /image\/svg\+xml/);
      assert.doesNotMatch(saved, /<script/);
      // Re-opened: the chart shows (Plotly's picture of it until the pointer comes, then the live chart).
      await page.goto(`${lab.base}/lab/tree/${rel}?reset&token=${lab.token}`);
      const reopened = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedPlotly").first();
      await reopened.waitFor({ timeout: 120_000 });
      await page.waitForFunction(
        () => {
          const r = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedPlotly");
          const img = r?.querySelector("img.plot-img") as HTMLImageElement | null;
          return (
            Boolean(r?.querySelector(".main-svg")) ||
            Boolean(
              img && img.src.startsWith("data:image/png") && img.naturalWidth > 100 && img.style.display !== "none",
            )
          );
        },
        undefined,
        { timeout: 60_000 },
      );
      await reopened.hover();
      await reopened.locator(".main-svg").first().waitFor({ state: "attached", timeout: 60_000 });
      await reopened.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(out, "reopened-chart.png") });
    } finally {
      await browser.close();
      await lab.stop();
    }
  },
);
