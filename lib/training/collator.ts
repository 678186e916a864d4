// DataCollatorWithPadding: pads each batch only to its own longest sequence (dynamic padding),
// and turns it into the tensors the model takes. Targets: a `label` per row, `labels` per token
// (padded with -100, which the loss ignores), or `start_positions` / `end_positions`.
import type * as TF from "@tensorflow/tfjs-core";
import type { Row } from "../datasets/dataset";
import { HEADS } from "./heads";
import type { BatchCollator, HeadOutput, Targets, TrainableModel } from "./model";
import type { EncoderBatch } from "./models/encoder";
import { imageCollator, type VitModel } from "./models/vit";

export interface CollatedBatch extends EncoderBatch, Targets {
  /** Sequence to sequence: the decoder's inputs (labels shifted right). */
  decoderInputIds?: TF.Tensor2D;
  /** Tokens in the batch that are not padding. */
  realTokens: number;
}

/** An image model's batch (the ViT's): pixel values [batch, channels, height, width] and a label per image. */
export interface ImageBatch extends Targets {
  pixelValues: TF.Tensor4D;
  /** Positions the model attends over (patches and [CLS]), for the Trainer's throughput line. */
  realTokens: number;
}

export type Collator = (rows: Row[]) => CollatedBatch;
export type ImageCollator = (rows: Row[]) => ImageBatch;

/**
 * With `causalLm`, the labels are the input ids themselves (-100 on padding): a causal language
 * model learns to predict each next token (the model shifts them). With `decoderStartTokenId`
 * (sequence to sequence), `labels` are target token ids padded with -100 to the longest target, and
 * the decoder's inputs are the labels shifted right behind the start token
 * (DataCollatorForSeq2Seq with shift_tokens_right).
 */
export function dataCollatorWithPadding(
  tf: typeof TF,
  options: {
    padTokenId?: number;
    labelColumn?: string;
    maxLength?: number;
    causalLm?: boolean;
    decoderStartTokenId?: number;
  } = {},
): Collator {
  const pad = options.padTokenId ?? 0;
  const labelColumn = options.labelColumn ?? "label";
  return (rows) => {
    if (rows.length === 0) throw new Error("cannot collate an empty batch");
    const ids = rows.map((r, i) => {
      const v = r.input_ids;
      if (!Array.isArray(v) && !ArrayBuffer.isView(v))
        throw new Error(`row ${i} has no input_ids: tokenize the dataset first (dataset.map(... tokenizer ...))`);
      return Array.from(v as ArrayLike<number | bigint>, Number).slice(0, options.maxLength ?? Infinity);
    });
    const width = Math.max(...ids.map((x) => x.length));
    const fill = (x: number[], value: number) => [...x, ...new Array(width - x.length).fill(value)];
    const inputIds = tf.tensor2d(
      ids.map((x) => fill(x, pad)),
      [rows.length, width],
      "int32",
    );
    const attentionMask = tf.tensor2d(
      ids.map((x) =>
        fill(
          x.map(() => 1),
          0,
        ),
      ),
      [rows.length, width],
      "int32",
    );
    const hasTypes = rows.every((r) => r.token_type_ids !== undefined);
    const tokenTypeIds = hasTypes
      ? tf.tensor2d(
          rows.map((r, i) =>
            fill(Array.from(r.token_type_ids as ArrayLike<number | bigint>, Number).slice(0, ids[i].length), 0),
          ),
          [rows.length, width],
          "int32",
        )
      : undefined;
    if (options.causalLm) {
      const labels = tf.tensor2d(
        ids.map((x) => fill(x, -100)),
        [rows.length, width],
        "int32",
      );
      return { inputIds, attentionMask, labels, realTokens: ids.reduce((a, x) => a + x.length, 0) };
    }
    if (options.decoderStartTokenId !== undefined) {
      const targets = rows.map((r, i) => {
        if (!Array.isArray(r.labels))
          throw new Error(
            `row ${i} has no labels: a sequence-to-sequence model needs the target's token ids in "labels"`,
          );
        return (r.labels as number[]).map(Number).slice(0, options.maxLength ?? Infinity);
      });
      const tw = Math.max(...targets.map((t) => t.length));
      const padTo = (x: number[], value: number) => [...x, ...new Array(tw - x.length).fill(value)];
      const labels = tf.tensor2d(
        targets.map((t) => padTo(t, -100)),
        [rows.length, tw],
        "int32",
      );
      const decoderInputIds = tf.tensor2d(
        targets.map((t) => padTo([options.decoderStartTokenId!, ...t.slice(0, -1)], pad)),
        [rows.length, tw],
        "int32",
      );
      return {
        inputIds,
        attentionMask,
        decoderInputIds,
        labels,
        realTokens: ids.reduce((a, x) => a + x.length, 0) + targets.reduce((a, t) => a + t.length, 0),
      };
    }
    const perToken = rows.every((r) => Array.isArray(r.labels));
    const hasLabels = rows.every((r) => r[labelColumn] !== undefined && r[labelColumn] !== null);
    const labels = perToken
      ? tf.tensor2d(
          rows.map((r, i) => fill((r.labels as number[]).slice(0, ids[i].length).map(Number), -100)),
          [rows.length, width],
          "int32",
        )
      : hasLabels
        ? tf.tensor1d(
            rows.map((r) => Number(r[labelColumn])),
            "int32",
          )
        : undefined;
    const spans = rows.every((r) => r.start_positions !== undefined && r.end_positions !== undefined);
    const startPositions = spans
      ? tf.tensor1d(
          rows.map((r) => Number(r.start_positions)),
          "int32",
        )
      : undefined;
    const endPositions = spans
      ? tf.tensor1d(
          rows.map((r) => Number(r.end_positions)),
          "int32",
        )
      : undefined;
    return {
      inputIds,
      attentionMask,
      tokenTypeIds,
      labels,
      startPositions,
      endPositions,
      realTokens: ids.reduce((a, x) => a + x.length, 0),
    };
  };
}

/**
 * The Trainer's collator when it is given none: the one the model's head names (HEADS[head].collator),
 * which makes the batches the models of that head take.
 */
export function defaultCollator<Inputs>(
  tf: typeof TF,
  model: TrainableModel<Inputs, HeadOutput>,
  maxLength?: number,
): BatchCollator<Inputs> {
  return headCollator(tf, model as TrainableModel, maxLength) as BatchCollator<unknown> as BatchCollator<Inputs>;
}

function headCollator(tf: typeof TF, model: TrainableModel, maxLength?: number): Collator | ImageCollator {
  const raw = model.config.raw;
  const padTokenId = Number(raw.pad_token_id ?? 0);
  switch (HEADS[model.head].collator) {
    case "images":
      return imageCollator(tf, model as unknown as VitModel);
    case "causal-lm":
      return dataCollatorWithPadding(tf, { padTokenId, maxLength, causalLm: true });
    case "seq2seq":
      return dataCollatorWithPadding(tf, {
        padTokenId,
        maxLength,
        decoderStartTokenId: Number(raw.decoder_start_token_id ?? 2),
      });
    case "padding":
      return dataCollatorWithPadding(tf, { padTokenId, maxLength });
  }
}

/** Releases the tensors of a batch made by a collator here (a text or an image batch). */
export function disposeBatch(b: Partial<CollatedBatch & ImageBatch>): void {
  for (const t of [
    b.inputIds,
    b.attentionMask,
    b.tokenTypeIds,
    b.labels,
    b.startPositions,
    b.endPositions,
    b.decoderInputIds,
    b.pixelValues,
  ])
    t?.dispose();
}
