// The kernel as JupyterLab sees it over the wire: its status while queued cells run, and the requests
// JupyterLab sends on connection. The kernelspec's launcher (lib/kernel/tslab-kernel.ts) is what runs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as zmq from "zeromq";
import { tslabKernelSpec } from "../lib/kernel/kernelspec";
import { Wire, type Message } from "../tools/jupyter/wire";
import { freePorts } from "../tools/jupyter/net";
import { scratchDir } from "./helpers/notebooks";

test(
  "the kernel is busy from Run All's first cell to its last, idle after; history_request gets an empty history",
  { timeout: 120_000 },
  async () => {
    const dir = scratchDir("kernel-status");
    const [shell_port, iopub_port, stdin_port, control_port, hb_port] = await freePorts(5);
    const key = randomBytes(16).toString("hex");
    const connection = path.join(dir, "kernel.json");
    fs.writeFileSync(
      connection,
      JSON.stringify({
        shell_port,
        iopub_port,
        stdin_port,
        control_port,
        hb_port,
        ip: "127.0.0.1",
        key,
        transport: "tcp",
        signature_scheme: "hmac-sha256",
      }),
    );
    const spec = tslabKernelSpec();
    const argv = spec.argv.map((a) => a.replace("{connection_file}", connection));
    const proc = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    proc.stdout!.on("data", (d) => (log += d));
    proc.stderr!.on("data", (d) => (log += d));
    const wire = new Wire(key);
    const shell = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(`tcp://127.0.0.1:${shell_port}`);
    iopub.connect(`tcp://127.0.0.1:${iopub_port}`);
    iopub.subscribe();
    const published: Message[] = [];
    const replies: Message[] = [];
    void (async () => {
      for await (const f of iopub) published.push(wire.decode(f as Buffer[]));
    })().catch(() => undefined);
    void (async () => {
      for await (const f of shell) replies.push(wire.decode(f as Buffer[]));
    })().catch(() => undefined);
    const send = async (type: string, content: object) => {
      const m = wire.message(type, content);
      await shell.send(wire.encode(m));
      return m.header.msg_id;
    };
    const until = async (what: string, ok: () => boolean, ms = 60_000) => {
      for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50)))
        if (Date.now() > end) assert.fail(`${what}; kernel said:\n${log}`);
    };
    /** The status JupyterLab shows: the last status message published so far. */
    const shown = () => published.filter((m) => m.header.msg_type === "status").at(-1)?.content.execution_state;
    try {
      // Like the server's "nudge": kernel_info until iopub is seen to be connected.
      for (let i = 0; i < 200 && published.length === 0; i++) {
        await send("kernel_info_request", {});
        await new Promise((r) => setTimeout(r, 250));
      }
      await until("idle after kernel_info", () => shown() === "idle");

      // Run All: three cells sent at once; the second takes a while.
      const exec = (code: string) =>
        send("execute_request", {
          code,
          silent: false,
          store_history: true,
          user_expressions: {},
          allow_stdin: false,
          stop_on_error: true,
        });
      const ids = [
        await exec("1 + 1"),
        await exec(
          `console.log("second started"); await new Promise((r) => setTimeout(r, 1500)); console.log("second done");`,
        ),
        await exec("3"),
      ];
      const streamed = (s: string) =>
        published.some((m) => m.header.msg_type === "stream" && String(m.content.text).includes(s));
      await until("the second cell started", () => streamed("second started"));
      await until("the first cell replied", () => replies.some((r) => r.parent_header.msg_id === ids[0]));
      await new Promise((r) => setTimeout(r, 500)); // the first cell is done, the second still running
      assert.equal(streamed("second done"), false);
      assert.equal(shown(), "busy", "JupyterLab shows Busy while the second of three cells runs");
      await until("all three replied", () => ids.every((id) => replies.some((r) => r.parent_header.msg_id === id)));
      await until("idle at the end", () => shown() === "idle", 5000);
      // Each request still gets its own busy and idle (JupyterLab's futures wait for their idle).
      for (const id of ids) {
        const states = published
          .filter((m) => m.header.msg_type === "status" && m.parent_header.msg_id === id)
          .map((m) => m.content.execution_state);
        assert.equal(states[0], "busy");
        assert.equal(states.at(-1), "idle");
      }

      const history = await send("history_request", { output: false, raw: true, hist_access_type: "tail", n: 1000 });
      await until("history_reply", () => replies.some((r) => r.parent_header.msg_id === history));
      const reply = replies.find((r) => r.parent_header.msg_id === history)!;
      assert.equal(reply.header.msg_type, "history_reply");
      assert.deepEqual(reply.content, { status: "ok", history: [] });
      await until("idle for the history request", () =>
        published.some((m) => m.parent_header.msg_id === history && m.content.execution_state === "idle"),
      );
      assert.doesNotMatch(log, /unknown msg_type/);
    } finally {
      proc.kill("SIGKILL");
      shell.close();
      iopub.close();
    }
  },
);
