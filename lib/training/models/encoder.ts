// A BERT-family encoder with a task head in TensorFlow.js: the same computation as Hugging Face's
// Bert/DistilBert For{SequenceClassification, TokenClassification, QuestionAnswering, MaskedLM},
// with the same parameter names, so Hub weights load unchanged and the result exports to ONNX.
import * as fs from "fs";
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { HeadOutput, Targets, TrainableModel } from "../model";
import { readCheckpoint } from "../pretrained";
import { writeSafetensors, type NamedTensor } from "../safetensors";
import { encoderConfig, type EncoderConfig } from "./config";
import { createParameters, ParameterizedModel, type DropoutOptions, type Init } from "./parameters";
import { crossEntropy, geluErf, layerNorm, linearOutIn, matmul, swapLast, withoutGradient } from "./ops";
import { ENCODER_HEADS, HEADS, type HeadKind } from "../heads";
import { encoderNames, headOf, parameterShapes, type EncoderNames } from "./names";

/** The additive mask value for padding: float32's lowest value, as Hugging Face uses. */
export const MASK_VALUE = -3.4028234663852886e38;

export interface EncoderBatch {
  inputIds: TF.Tensor2D;
  attentionMask: TF.Tensor2D;
  tokenTypeIds?: TF.Tensor2D;
}

/** The head's outputs (question answering: startLogits and endLogits), and the encoder's. */
export interface EncoderOutput extends HeadOutput {
  /** [batch, labels] (sequence classification), [batch, seq, labels] (tokens), [batch, seq, vocab] (masked LM). */
  logits?: TF.Tensor;
  lastHiddenState: TF.Tensor3D;
  /** Per layer: [batch, heads, seq, seq], when asked for. */
  attentions?: TF.Tensor4D[];
}

export interface ForwardOptions extends DropoutOptions {
  outputAttentions?: boolean;
}

export { crossEntropy };

export class EncoderModel extends ParameterizedModel implements TrainableModel<EncoderBatch, EncoderOutput> {
  readonly names: EncoderNames;

  constructor(
    tf: typeof TF,
    readonly config: EncoderConfig,
    params: Map<string, TF.Variable>,
    readonly head: HeadKind = "sequence-classification",
  ) {
    super(tf, params);
    this.names = encoderNames(config.modelType);
  }

  get numLabels(): number {
    return Object.keys(this.config.id2label).length;
  }

  /**
   * A randomly initialised model (normal(0, initializer_range) weights, as Hugging Face initialises).
   * The head defaults to the one config.json's "architectures" names.
   */
  static fromConfig(
    tf: typeof TF,
    rawConfig: Record<string, unknown>,
    options: { seed?: number; head?: HeadKind } = {},
  ): EncoderModel {
    const config = encoderConfig(rawConfig);
    const head = options.head ?? headOf(config);
    if (!ENCODER_HEADS.includes(head))
      throw new Error(`head "${head}" is not one the course builds: ${ENCODER_HEADS.join(", ")}`);
    const specs = [...parameterShapes(config, head, Object.keys(config.id2label).length)].map(
      ([name, [shape, init]]) => [name, shape, init, config.initializerRange] as [string, number[], Init, number],
    );
    return new EncoderModel(tf, config, createParameters(tf, specs, options.seed ?? 42), head);
  }

  /**
   * Loads config.json + model.safetensors from a folder or a Hub model id (downloaded into the
   * course cache). Parameters the checkpoint lacks (a new head on a base model) are initialised
   * randomly and named in `newlyInitialised`, as Python's "newly initialized" warning names them.
   */
  static async fromPretrained(
    tf: typeof TF,
    idOrDir: string,
    options: { id2label?: Record<number, string>; seed?: number; head?: HeadKind; revision?: string } = {},
  ): Promise<{ model: EncoderModel; newlyInitialised: string[] }> {
    const checkpoint = await readCheckpoint(idOrDir, options.revision);
    if (options.id2label) {
      checkpoint.config.id2label = Object.fromEntries(Object.entries(options.id2label).map(([k, v]) => [String(k), v]));
      checkpoint.config.label2id = Object.fromEntries(Object.entries(options.id2label).map(([k, v]) => [v, Number(k)]));
    }
    const { model, missing } = EncoderModel.fromCheckpoint(checkpoint, (config) =>
      EncoderModel.fromConfig(tf, config, { seed: options.seed, head: options.head }),
    );
    return { model, newlyInitialised: missing };
  }

  /**
   * Copies checkpoint tensors into the parameters; returns the names that were not in the checkpoint
   * (a new head may be missing, not the encoder's own weights).
   */
  loadWeights(tensors: Map<string, NamedTensor>): string[] {
    // Old TensorFlow-converted checkpoints name LayerNorm parameters gamma/beta, and a bare
    // BertModel checkpoint has no "bert." prefix.
    const missing = this.copyWeights((name) => {
      const candidates = [name, name.replace(/\.weight$/, ".gamma").replace(/\.bias$/, ".beta")];
      if (name.startsWith(this.names.prefix))
        candidates.push(...candidates.map((c) => c.slice(this.names.prefix.length)));
      for (const c of candidates) if (tensors.has(c)) return tensors.get(c);
      return undefined;
    });
    const encoderMissing = missing.filter(
      (m) => m.startsWith(this.names.prefix) && !m.startsWith(this.names.pooler ?? "-"),
    );
    if (encoderMissing.length > 0)
      throw new Error(
        `the checkpoint lacks encoder weights (${encoderMissing.slice(0, 3).join(", ")}${encoderMissing.length > 3 ? ", …" : ""}): it is not a ${this.config.modelType} checkpoint of this config`,
      );
    return missing;
  }

  private linear(x: TF.Tensor, name: string): TF.Tensor {
    return linearOutIn(this.tf, x, this.params.get(`${name}.weight`)!, this.params.get(`${name}.bias`)!);
  }

  private layerNorm(x: TF.Tensor, name: string): TF.Tensor {
    return layerNorm(
      this.tf,
      x,
      this.params.get(`${name}.weight`)!,
      this.params.get(`${name}.bias`)!,
      this.config.layerNormEps,
    );
  }

  private gelu(x: TF.Tensor): TF.Tensor {
    return geluErf(this.tf, x);
  }

  /**
   * How many blocks from the bottom (the embeddings, then layer 0, 1, …) have every parameter frozen.
   * No gradient flows through them, so the forward pass need not keep their tensors for one.
   */
  private frozenBlocks(): number {
    const trainable = this.trainableParameters();
    const n = this.names;
    const blocks = [
      [n.wordEmbeddings, n.positionEmbeddings, n.tokenTypeEmbeddings, n.embeddingNorm],
      ...Array.from({ length: this.config.numLayers }, (_, i) => Object.values(n.layer(i))),
    ];
    const isTrainable = (p: string | undefined) =>
      p !== undefined && (trainable.has(`${p}.weight`) || trainable.has(`${p}.bias`));
    const firstTrainable = blocks.findIndex((names) => names.some(isTrainable));
    return firstTrainable === -1 ? blocks.length : firstTrainable;
  }

  /** Word + position (+ token type) embeddings, LayerNorm, dropout. */
  private embed(batch: EncoderBatch, options: ForwardOptions): TF.Tensor {
    const tf = this.tf;
    const n = this.names;
    const S = batch.inputIds.shape[1];
    return tf.tidy(() => {
      let x: TF.Tensor = tf.add(
        tf.gather(this.params.get(`${n.wordEmbeddings}.weight`)!, batch.inputIds),
        tf.gather(this.params.get(`${n.positionEmbeddings}.weight`)!, tf.range(0, S, 1, "int32")),
      );
      if (n.tokenTypeEmbeddings) {
        const types = batch.tokenTypeIds ?? tf.zerosLike(batch.inputIds);
        x = tf.add(x, tf.gather(this.params.get(`${n.tokenTypeEmbeddings}.weight`)!, types));
      }
      return this.dropout(this.layerNorm(x, n.embeddingNorm), this.config.dropout, options);
    });
  }

  /**
   * One transformer layer: self-attention, then the feed-forward block, each with a residual and
   * LayerNorm. In a tidy: its intermediate tensors are released when it ends (those a backward pass
   * needs are kept by TensorFlow.js itself), so memory holds one layer's intermediates, not all.
   */
  private layer(
    i: number,
    input: TF.Tensor,
    maskBias: TF.Tensor,
    options: ForwardOptions,
  ): { x: TF.Tensor; probs: TF.Tensor4D } {
    const tf = this.tf;
    const cfg = this.config;
    const l = this.names.layer(i);
    const [B, S, H] = input.shape;
    const heads = cfg.numHeads;
    const dh = H / heads;
    const split = (t: TF.Tensor) => t.reshape([B, S, heads, dh]).transpose([0, 2, 1, 3]);
    return tf.tidy(() => {
      const q = split(this.linear(input, l.query));
      const k = split(this.linear(input, l.key));
      const v = split(this.linear(input, l.value));
      const scores = tf.add(tf.div(matmul(tf, q, swapLast(tf, k)), Math.sqrt(dh)), maskBias);
      const probs = tf.softmax(scores, -1) as TF.Tensor4D;
      const context = matmul(tf, this.dropout(probs, cfg.attentionDropout, options), v)
        .transpose([0, 2, 1, 3])
        .reshape([B, S, H]);
      const x = this.layerNorm(
        tf.add(this.dropout(this.linear(context, l.attnOut), cfg.dropout, options), input),
        l.attnNorm,
      );
      const ff = this.linear(this.gelu(this.linear(x, l.ffIn)), l.ffOut);
      return { x: this.layerNorm(tf.add(this.dropout(ff, cfg.dropout, options), x), l.ffNorm), probs };
    });
  }

  /** The head's outputs and the last hidden state (attention weights on request). */
  forward(batch: EncoderBatch, options: ForwardOptions = {}): EncoderOutput {
    const tf = this.tf;
    const cfg = this.config;
    const n = this.names;
    this.startForward();
    const [B, S] = batch.inputIds.shape;
    if (S > cfg.maxPositions)
      throw new Error(
        `sequences of ${S} tokens are longer than this model's ${cfg.maxPositions} positions: truncate them`,
      );
    const H = cfg.hiddenSize;
    const maskBias = tf.mul(tf.sub(1, tf.cast(batch.attentionMask, "float32")), MASK_VALUE).reshape([B, 1, 1, S]);
    const attentions: TF.Tensor4D[] = [];
    const layer = (i: number, input: TF.Tensor) => {
      const { x, probs } = this.layer(i, input, maskBias, options);
      if (options.outputAttentions) attentions.push(probs);
      else probs.dispose();
      return x;
    };
    // The frozen bottom (embeddings and the layers above them that are frozen too) is computed outside
    // the gradient tape: training keeps no tensor of it for the backward pass, which never reaches it.
    // (Not when attention weights are asked for: those are tensors of the frozen layers to return.)
    const frozen = options.outputAttentions ? 0 : this.frozenBlocks();
    let x =
      frozen === 0
        ? this.embed(batch, options)
        : withoutGradient(
            tf,
            () => {
              let h = this.embed(batch, options);
              for (let i = 0; i < frozen - 1; i++) h = layer(i, h);
              return h;
            },
            batch.inputIds,
          );
    for (let i = Math.max(0, frozen - 1); i < cfg.numLayers; i++) x = layer(i, x);
    const out: EncoderOutput = {
      lastHiddenState: x as TF.Tensor3D,
      attentions: options.outputAttentions ? attentions : undefined,
    };
    switch (this.head) {
      case "sequence-classification": {
        const first = x.slice([0, 0, 0], [B, 1, H]).reshape([B, H]);
        const pooled = n.pooler ? tf.tanh(this.linear(first, n.pooler)) : tf.relu(this.linear(first, n.preClassifier!));
        out.logits = this.linear(this.dropout(pooled, cfg.dropout, options), n.classifier);
        break;
      }
      case "token-classification":
        out.logits = this.linear(this.dropout(x, cfg.dropout, options), n.classifier);
        break;
      case "question-answering": {
        const spans = this.linear(x, n.qaOutputs);
        out.startLogits = spans.slice([0, 0, 0], [B, S, 1]).reshape([B, S]) as TF.Tensor2D;
        out.endLogits = spans.slice([0, 0, 1], [B, S, 1]).reshape([B, S]) as TF.Tensor2D;
        break;
      }
      case "masked-lm": {
        const t = this.layerNorm(this.gelu(this.linear(x, n.mlmTransform)), n.mlmNorm);
        const embeddings = this.params.get(`${n.wordEmbeddings}.weight`)!;
        out.logits = tf.add(
          matmul(tf, t.reshape([B * S, H]), tf.transpose(embeddings)).reshape([B, S, cfg.vocabSize]),
          this.params.get(n.mlmBias)!,
        );
        break;
      }
      case "base":
        break;
    }
    return out;
  }

  /** The training loss of a forward pass: cross-entropy on labels, or on answer start and end. */
  loss(output: HeadOutput, targets: Targets): TF.Scalar {
    const tf = this.tf;
    const loss = HEADS[this.head].loss;
    if (loss === "span cross-entropy") {
      if (!targets.startPositions || !targets.endPositions)
        throw new Error("question answering learns from start_positions and end_positions: add them to the dataset");
      return tf.div(
        tf.add(
          crossEntropy(tf, output.startLogits!, targets.startPositions),
          crossEntropy(tf, output.endLogits!, targets.endPositions),
        ),
        2,
      ) as TF.Scalar;
    }
    if (loss === "none")
      throw new Error(
        "a bare encoder (BertModel) has no head to train: pick a head (sequence-classification, token-classification, question-answering, masked-lm)",
      );
    if (!targets.labels) throw new Error(`${this.head} learns from labels: the batch has none`);
    return crossEntropy(tf, output.logits!, targets.labels);
  }

  /** The config.json of this model and head (with id2label / label2id), in the Hub's format. */
  configJson(): Record<string, unknown> {
    const id2label = Object.fromEntries(Object.entries(this.config.id2label).map(([k, v]) => [String(k), v]));
    return {
      ...this.config.raw,
      architectures: [this.names.architectures[this.head]],
      id2label,
      label2id: Object.fromEntries(Object.entries(this.config.id2label).map(([k, v]) => [v, Number(k)])),
    };
  }

  /** config.json and model.safetensors, in the Hub's format. */
  async saveWeightsAndConfig(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(this.configJson(), null, 2) + "\n");
    const weights = await this.weights();
    // A bare BertModel's checkpoint names its weights without the "bert." prefix.
    const named = HEADS[this.head].baseModel
      ? new Map(
          [...weights].map(([k, v]) => [k.startsWith(this.names.prefix) ? k.slice(this.names.prefix.length) : k, v]),
        )
      : weights;
    writeSafetensors(path.join(dir, "model.safetensors"), named);
  }
}
