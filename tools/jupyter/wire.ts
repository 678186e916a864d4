// The Jupyter messaging protocol's wire format (v5.3): signed multipart frames.
// https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
import { createHmac, randomUUID } from "crypto";

const DELIMITER = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
}

export class Wire {
  readonly session = randomUUID();
  constructor(private readonly key: string) {}

  private sign(parts: string[]): string {
    const hmac = createHmac("sha256", this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest("hex");
  }

  /** A new request message of the given type. */
  message<C>(msgType: string, content: C): Message<C> {
    return {
      header: {
        msg_id: randomUUID(),
        session: this.session,
        username: "hf-course-ts",
        date: new Date().toISOString(),
        msg_type: msgType,
        version: "5.3",
      },
      parent_header: {},
      metadata: {},
      content,
    };
  }

  encode(msg: Message<unknown>): string[] {
    const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => JSON.stringify(p));
    return [DELIMITER, this.sign(parts), ...parts];
  }

  /** Decodes frames (with any routing prefix); throws on a bad signature. */
  decode(frames: Buffer[]): Message {
    const strings = frames.map((f) => f.toString("utf8"));
    const at = strings.indexOf(DELIMITER);
    if (at < 0) throw new Error("not a Jupyter message: no <IDS|MSG> delimiter");
    const [signature, header, parent, metadata, content] = strings.slice(at + 1, at + 6);
    if (this.sign([header, parent, metadata, content]) !== signature)
      throw new Error("Jupyter message with a bad signature");
    return {
      header: JSON.parse(header),
      parent_header: JSON.parse(parent),
      metadata: JSON.parse(metadata),
      content: JSON.parse(content),
    };
  }
}
