// tslab sends every output with zeromq's socket.send() and does not wait for it to finish; zeromq 6
// rejects a send that starts while another is still being written (EBUSY), and that unhandled
// rejection ends the kernel (exit code 7). Frequent outputs hit it: a progress bar and a live chart
// during training. Inside a kernel the course therefore queues the publisher socket's sends, one after
// the other, in order.
let patched = false;

/** True when this process is a tslab kernel (its Jupyter server module is loaded). */
function inTslabKernel(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
}

export function serializeKernelSends(): void {
  if (patched || !inTslabKernel()) return;
  patched = true;
  let zmq: { Publisher: { prototype: object } };
  try {
    zmq = require("zeromq");
  } catch {
    return;
  }
  let proto: object | null = zmq.Publisher.prototype;
  while (proto && !Object.getOwnPropertyNames(proto).includes("send")) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const send = (proto as { send: (msg: unknown) => Promise<void> }).send;
  const queues = new WeakMap<object, Promise<void>>();
  Object.defineProperty(zmq.Publisher.prototype, "send", {
    configurable: true,
    writable: true,
    value(this: object, msg: unknown): Promise<void> {
      const next = (queues.get(this) ?? Promise.resolve()).then(() => send.call(this, msg));
      queues.set(
        this,
        next.catch(() => undefined),
      );
      return next;
    },
  });
}
