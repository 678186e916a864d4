// The course's launcher for the tslab kernel (the kernelspec runs this file instead of tslab's bin):
// tslab as it is, with three mends to how it talks to JupyterLab, applied to its classes before it starts.
//
// 1. Kernel status. tslab publishes `busy` when a request arrives and `idle` when that request is done,
//    but it takes requests as they come: Run All sends every cell at once, so JupyterLab saw busy ×N,
//    then `idle` (parent: cell 1) as soon as the first cell finished, and showed "Idle" for the rest of
//    the run (the whole 6 minutes of chapter 5). A Jupyter kernel says it is busy until nothing is
//    left to do: after a request's `idle`, while others are still in flight, the launcher publishes
//    `busy` again with the parent of the oldest one (the cell that runs next, tslab runs them in order).
// 2. `history_request`: JupyterLab asks on every connection and tslab printed "unknown msg_type:
//    history_request"; the launcher answers with an empty history, as a kernel without one does.
// 3. The publisher's sends go one after the other (serial-sends.ts) from the kernel's first message.
import { createHmac, randomBytes } from "crypto";
import { serializeKernelSends } from "./serial-sends";

type Frame = Buffer | string;
interface Socket {
  send(frames: Frame[]): Promise<void>;
}
interface TslabMessage {
  header: Record<string, unknown>;
}
interface TslabServer {
  connInfo: { key: string };
  iopub: Socket;
  publishStatus(status: string, parent: TslabMessage): void;
  handleShellMessage(sock: Socket, ...frames: Buffer[]): Promise<void>;
}

const DELIMITER = "<IDS|MSG>";
const inFlight = new WeakMap<TslabServer, TslabMessage[]>();
let patched = false;

/** Frames of a signed message (protocol 5.3) answering `parent` (the request's header). */
function frames(
  key: string,
  identities: Buffer[],
  msgType: string,
  parent: Record<string, unknown>,
  content: unknown,
): Frame[] {
  const header = {
    msg_id: randomBytes(16).toString("hex"),
    session: parent.session,
    username: parent.username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: "5.3",
  };
  const parts = [header, parent, {}, content].map((p) => JSON.stringify(p));
  const hmac = createHmac("sha256", key);
  for (const p of parts) hmac.update(p);
  return [...identities, DELIMITER, hmac.digest("hex"), ...parts];
}

/** Applies the mends to tslab's server class (idempotent). */
export function patchTslab(server: { prototype: TslabServer }): void {
  if (patched) return;
  patched = true;
  const proto = server.prototype;
  const publishStatus = proto.publishStatus;
  proto.publishStatus = function (this: TslabServer, status: string, parent: TslabMessage): void {
    let pending = inFlight.get(this);
    if (!pending) inFlight.set(this, (pending = []));
    if (status === "busy") pending.push(parent);
    else pending.splice(pending.indexOf(parent) >>> 0, 1);
    publishStatus.call(this, status, parent);
    if (status === "idle" && pending.length > 0) publishStatus.call(this, "busy", pending[0]);
  };
  const handleShellMessage = proto.handleShellMessage;
  proto.handleShellMessage = async function (this: TslabServer, sock: Socket, ...raw: Buffer[]): Promise<void> {
    const at = raw.findIndex((f) => f.toString() === DELIMITER);
    let header: Record<string, unknown> | undefined;
    try {
      header = at >= 0 ? JSON.parse(raw[at + 2].toString()) : undefined;
    } catch {
      header = undefined;
    }
    if (header?.msg_type !== "history_request") return handleShellMessage.call(this, sock, ...raw);
    // Only answer a request signed with the connection's key (tslab checks the same way).
    const parts = raw.slice(at + 2, at + 6).map((f) => f.toString());
    const hmac = createHmac("sha256", this.connInfo.key);
    for (const p of parts) hmac.update(p);
    if (hmac.digest("hex") !== raw[at + 1].toString()) return;
    const key = this.connInfo.key;
    // Busy and idle go through publishStatus like tslab's own, with a message shaped like its ZmqMessage.
    const request: TslabMessage & { createReply: () => unknown } = { header, createReply: () => replyTo(key, header!) };
    this.publishStatus("busy", request);
    try {
      await sock.send(frames(key, raw.slice(0, at), "history_reply", header, { status: "ok", history: [] }));
    } finally {
      this.publishStatus("idle", request);
    }
  };
}

/** What tslab's ZmqMessage.createReply() gives, for a status message on iopub. */
function replyTo(key: string, parent: Record<string, unknown>) {
  const reply = {
    header: { msg_type: "" } as Record<string, unknown>,
    content: {} as unknown,
    signAndSend(_key: string, sock: Socket) {
      void sock.send(frames(key, [], String(reply.header.msg_type), parent, reply.content));
    },
  };
  return reply;
}

/** Starts tslab's kernel with the mends (`tslab kernel --config-path <file>` arguments). */
export function main(): void {
  const jupyter = require("tslab/dist/jupyter") as { ZmqServer: { prototype: TslabServer } };
  patchTslab(jupyter.ZmqServer);
  serializeKernelSends();
  (require("tslab/dist/main") as { main: () => void }).main();
}

if (require.main === module) main();
