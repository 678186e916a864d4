// A Jupyter kernel process and a client for it over ZeroMQ: start, execute with a timeout,
// interrupt, shut down. Used by the notebook runner and the grader; no Python needed.
import { spawn, type ChildProcess } from "child_process";
import { randomBytes, randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import { freePorts } from "./net";
import type { MimeBundle, Output } from "../notebook/nbformat";
import { tslabKernelSpec, type KernelSpec } from "../../lib/kernel/kernelspec";
import { Wire, type Message } from "./wire";

export type ExecuteStatus = "ok" | "error" | "timeout" | "died";

export interface ExecuteResult {
  status: ExecuteStatus;
  executionCount: number | null;
  outputs: Output[];
  /** Everything the cell wrote to stderr: where tslab reports compile and runtime errors. */
  stderr: string;
  durationMs: number;
}

export interface KernelOptions {
  /** Folder the kernel runs in (the notebook's folder, as in JupyterLab). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  spec?: KernelSpec;
  startTimeoutMs?: number;
  /** Do not pass on the parent's environment (only the spec's and `env`). */
  cleanEnv?: boolean;
  /** Wraps the kernel's command line (the grader's sandbox: namespaces, another uid). */
  wrap?: (argv: string[]) => string[];
  /** The uid/gid the kernel runs as, when another: its connection file is given to it. */
  owner?: { uid: number; gid: number };
  /** Where the connection file goes (default: the system's temporary folder). */
  connectionDir?: string;
  /** Called with the kernel process's pid once spawned. */
  onSpawn?: (pid: number | undefined) => void;
}

export interface ExecuteOptions {
  timeoutMs: number;
  /** Called with each output as it arrives (progress, live logs). */
  onOutput?: (output: Output) => void;
}

/** Stream output kept per cell; the rest is dropped with a note (a runaway print must not fill memory). */
export const MAX_STREAM_CHARS = 2_000_000;

interface Pending {
  msgId: string;
  outputs: Output[];
  displays: Map<string, Output[]>;
  stderr: string[];
  /** Characters of stream output kept so far (a cell that prints without end is cut, not kept whole). */
  streamChars: number;
  reply?: Record<string, unknown>;
  idle: boolean;
  onOutput?: (o: Output) => void;
  done: (status: ExecuteStatus) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class Kernel {
  private readonly pending = new Map<string, Pending>();
  private readonly replyWaiters = new Map<string, (m: Message) => void>();
  private readonly iopubSeen = new Set<string>();
  private exitInfo: string | undefined;
  /** tslab drops requests that arrive within 200 ms of an error (its execQueue.reset(200)). */
  private quietUntil = 0;
  private killed = false;
  private log: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly wire: Wire,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly connectionFile: string,
  ) {
    proc.stdout?.on("data", (d: Buffer) => this.keepLog(d));
    proc.stderr?.on("data", (d: Buffer) => this.keepLog(d));
    proc.on("exit", (code, signal) => {
      this.exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
      for (const p of this.pending.values()) p.done("died");
      this.close();
    });
    void this.readLoop(this.shell, (m) => this.onReply(m));
    void this.readLoop(this.control, (m) => this.onReply(m));
    void this.readLoop(this.iopub, (m) => this.onIopub(m));
  }

  /** Starts a kernel process and waits until it answers on both shell and iopub. */
  static async start(options: KernelOptions): Promise<Kernel> {
    const spec = options.spec ?? tslabKernelSpec();
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = await freePorts(5);
    const key = randomBytes(32).toString("hex");
    const dir = fs.mkdtempSync(path.join(options.connectionDir ?? os.tmpdir(), "hf-course-kernel-"));
    const connectionFile = path.join(dir, `kernel-${randomUUID()}.json`);
    fs.writeFileSync(
      connectionFile,
      JSON.stringify({
        shell_port: shellPort,
        iopub_port: iopubPort,
        stdin_port: stdinPort,
        control_port: controlPort,
        hb_port: hbPort,
        ip: "127.0.0.1",
        key,
        transport: "tcp",
        signature_scheme: "hmac-sha256",
        kernel_name: "tslab",
      }),
      { mode: 0o600 },
    );
    if (options.owner) {
      fs.chownSync(dir, options.owner.uid, options.owner.gid);
      fs.chownSync(connectionFile, options.owner.uid, options.owner.gid);
    }
    const command = spec.argv.map((a) => a.replace("{connection_file}", connectionFile));
    const argv = options.wrap ? options.wrap(command) : command;
    const proc = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...(options.cleanEnv ? {} : process.env), ...spec.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a timeout can stop whatever a cell started
    });
    options.onSpawn?.(proc.pid);
    const url = (port: number) => `tcp://127.0.0.1:${port}`;
    const shell = new zmq.Dealer({ linger: 0 });
    const control = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(url(shellPort));
    control.connect(url(controlPort));
    iopub.connect(url(iopubPort));
    iopub.subscribe();
    const kernel = new Kernel(proc, new Wire(key), shell, control, iopub, connectionFile);
    try {
      await kernel.waitReady(options.startTimeoutMs ?? 60_000);
    } catch (err) {
      kernel.kill();
      throw err;
    }
    return kernel;
  }

  get alive(): boolean {
    return this.exitInfo === undefined && !this.killed;
  }

  /** "exit code 1", "killed by SIGKILL", or "running". */
  get exitDescription(): string {
    return this.exitInfo ?? "running";
  }

  /** What the kernel process printed itself (not cell output): for diagnosing a kernel that died. */
  get processLog(): string {
    return this.log.join("");
  }

  private keepLog(d: Buffer): void {
    this.log.push(d.toString("utf8"));
    if (this.log.length > 200) this.log = this.log.slice(-100);
  }

  private async readLoop(socket: zmq.Dealer | zmq.Subscriber, handle: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: Message;
        try {
          msg = this.wire.decode(frames as Buffer[]);
        } catch {
          continue; // not ours or not signed with our key: ignore
        }
        handle(msg);
      }
    } catch {
      // socket closed
    }
  }

  private onReply(msg: Message): void {
    const parent = msg.parent_header.msg_id;
    if (!parent) return;
    this.replyWaiters.get(parent)?.(msg);
    const p = this.pending.get(parent);
    if (p && msg.header.msg_type === "execute_reply") {
      p.reply = msg.content;
      this.settle(p);
    }
  }

  private onIopub(msg: Message): void {
    const parent = msg.parent_header.msg_id;
    if (!parent) return;
    this.iopubSeen.add(parent);
    const p = this.pending.get(parent);
    if (!p) return;
    const c = msg.content as Record<string, any>;
    switch (msg.header.msg_type) {
      case "status":
        if (c.execution_state === "idle") {
          p.idle = true;
          this.settle(p);
        }
        return;
      case "stream": {
        if (p.streamChars >= MAX_STREAM_CHARS) return;
        let text = String(c.text);
        p.streamChars += text.length;
        if (p.streamChars >= MAX_STREAM_CHARS)
          text = `${text.slice(0, Math.max(0, text.length - (p.streamChars - MAX_STREAM_CHARS)))}\n[… output cut: the cell printed more than ${MAX_STREAM_CHARS / 1e6} million characters]\n`;
        if (c.name === "stderr") p.stderr.push(text);
        const last = p.outputs[p.outputs.length - 1];
        if (last && last.output_type === "stream" && last.name === c.name) last.text += text;
        else p.outputs.push({ output_type: "stream", name: c.name, text });
        p.onOutput?.({ output_type: "stream", name: c.name, text });
        return;
      }
      case "display_data":
      case "execute_result": {
        const out: Output =
          msg.header.msg_type === "execute_result"
            ? {
                output_type: "execute_result",
                execution_count: c.execution_count ?? null,
                data: c.data as MimeBundle,
                metadata: c.metadata ?? {},
              }
            : { output_type: "display_data", data: c.data as MimeBundle, metadata: c.metadata ?? {} };
        p.outputs.push(out);
        const id = c.transient?.display_id as string | undefined;
        if (id) p.displays.set(id, [...(p.displays.get(id) ?? []), out]);
        p.onOutput?.(out);
        return;
      }
      case "update_display_data": {
        // An updatable display (tslab.newDisplay): replace the shown data in place, as JupyterLab does.
        for (const out of p.displays.get(c.transient?.display_id) ?? []) {
          if (out.output_type !== "stream" && out.output_type !== "error") {
            out.data = c.data as MimeBundle;
            out.metadata = c.metadata ?? {};
          }
        }
        return;
      }
      case "clear_output":
        p.outputs.length = 0;
        return;
      case "error":
        p.outputs.push({ output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] });
        return;
    }
  }

  private settle(p: Pending): void {
    if (p.reply && p.idle) p.done(p.reply.status === "ok" ? "ok" : "error");
  }

  private request(socket: zmq.Dealer, type: string, content: Record<string, unknown>): Promise<Message> {
    const msg = this.wire.message(type, content);
    const reply = new Promise<Message>((resolve) => this.replyWaiters.set(msg.header.msg_id, resolve));
    if (!socket.closed) void socket.send(this.wire.encode(msg)).catch(() => undefined);
    return reply.finally(() => this.replyWaiters.delete(msg.header.msg_id));
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // A kernel_info_request every second until one is answered; a late reply to an earlier request
    // counts too (dropping it cost a second whenever the kernel took longer than one to start).
    const sent: string[] = [];
    let answered: ((id: string) => void) | undefined;
    const firstReply = new Promise<string>((resolve) => (answered = resolve));
    try {
      while (Date.now() < deadline) {
        if (!this.alive)
          throw new Error(`the kernel exited while starting (${this.exitInfo}): ${this.processLog.slice(-2000)}`);
        const msg = this.wire.message("kernel_info_request", {});
        const id = msg.header.msg_id;
        sent.push(id);
        this.replyWaiters.set(id, () => answered!(id));
        void this.shell.send(this.wire.encode(msg)).catch(() => undefined);
        const got = await Promise.race([firstReply, sleep(1000).then(() => undefined)]);
        if (got) {
          // The reply proves the shell channel; seeing a status of ours on iopub proves we are subscribed.
          for (let i = 0; i < 20 && !sent.some((s) => this.iopubSeen.has(s)); i++) await sleep(50);
          if (sent.some((s) => this.iopubSeen.has(s))) return;
        }
      }
    } finally {
      for (const id of sent) this.replyWaiters.delete(id);
    }
    throw new Error(
      `the kernel did not answer within ${timeoutMs} ms. Kernel log: ${this.processLog.slice(-2000) || "(empty)"}`,
    );
  }

  /** Runs code and resolves when it has finished, failed, timed out or killed the kernel. Never rejects. */
  async execute(code: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const wait = this.quietUntil - Date.now();
    if (wait > 0) await sleep(wait);
    const result = await this.send(code, options);
    if (result.status === "error") this.quietUntil = Date.now() + 300;
    return result;
  }

  private send(code: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const started = Date.now();
    const msg = this.wire.message("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    return new Promise<ExecuteResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined; // set once the request is pending; done() may run before that
      const p: Pending = {
        msgId: msg.header.msg_id,
        outputs: [],
        displays: new Map(),
        stderr: [],
        streamChars: 0,
        idle: false,
        onOutput: options.onOutput,
        done: (status) => {
          if (timer) clearTimeout(timer);
          this.pending.delete(p.msgId);
          const count = p.reply?.execution_count;
          resolve({
            status,
            executionCount: typeof count === "number" ? count : null,
            outputs: p.outputs,
            stderr: p.stderr.join(""),
            durationMs: Date.now() - started,
          });
        },
      };
      if (!this.alive) return p.done("died");
      this.pending.set(p.msgId, p);
      timer = setTimeout(() => p.done("timeout"), options.timeoutMs);
      if (this.shell.closed) return p.done("died");
      void this.shell.send(this.wire.encode(msg)).catch(() => p.done("died"));
    });
  }

  /** Interrupts the running cell (tslab stops awaited work; a busy synchronous loop needs kill()). */
  interrupt(): void {
    if (this.alive && this.proc.pid) process.kill(this.proc.pid, "SIGINT");
  }

  /** Asks the kernel to shut down, then kills it if it has not exited within `graceMs`. */
  async shutdown(graceMs = 2000): Promise<void> {
    if (this.alive) {
      const exited = new Promise((r) => this.proc.once("exit", r));
      void this.request(this.control, "shutdown_request", { restart: false });
      await Promise.race([exited, sleep(graceMs)]);
    }
    this.kill();
  }

  /** Kills the kernel and everything it started, at once. */
  kill(): void {
    this.killed = true;
    if (this.proc.pid && this.proc.exitCode === null && this.proc.signalCode === null) {
      try {
        process.kill(-this.proc.pid, "SIGKILL");
      } catch {
        this.proc.kill("SIGKILL");
      }
    }
    this.close();
  }

  private close(): void {
    for (const s of [this.shell, this.control, this.iopub]) if (!s.closed) s.close();
    fs.rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}
