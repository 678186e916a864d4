// Image classification: a small ViT trained on the 8×8 handwritten digits scikit-learn ships (in the
// repository: data/datasets/scikit-learn/digits/), measured by the image-classification pipeline on
// held-out digits. The training images go through the same transformers.js image processor the
// pipeline uses, so the model learns from exactly what it will be given.
import { Dataset } from "../../../lib/datasets/dataset";
import { DIGIT_SIDE, digitImage, digitsSplit, DIGITS_HELD_OUT, type Digit } from "../../../lib/datasets/digits";
import { accuracy } from "../../../lib/metrics";
import { pipeline } from "../../../lib/models/pipeline";
import { imageCollator, VitModel } from "../../../lib/training/models/vit";
import { saveVitPretrained } from "../../../lib/training/onnx/export-vit";
import { Trainer } from "../../../lib/training/trainer";
import { transformers } from "../../../lib/transformers-env";
import { parameterCount, seededSample, zooArguments, type Builder } from "../context";
import * as fs from "fs";
import * as path from "path";

/**
 * google/vit-base-patch16-224's image processor at the stand-in's size: grey becomes RGB, the image is
 * resized to image_size (nearest neighbour: the digits are enlarged that way, so an 8×8 digit given as it
 * is becomes the same picture), rescaled to [0, 1] and normalised with mean 0.5 and std 0.5 to [-1, 1].
 */
export function vitPreprocessorConfig(imageSize: number): Record<string, unknown> {
  return {
    image_processor_type: "ViTImageProcessor",
    do_convert_rgb: true,
    do_resize: true,
    size: { height: imageSize, width: imageSize },
    resample: 0,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  };
}

/**
 * Each training digit and its copies moved one pixel up, down, left and right (blank pixels come in at the
 * edge; a move that would push ink off the image is skipped). A ViT has no built-in sense that a shifted
 * digit is the same digit (a convolution has), so it learns it from these. Written out: five lines on an
 * 8×8 grid, which no library the course uses does.
 */
export function withShiftedCopies(digits: Digit[]): Digit[] {
  const n = DIGIT_SIDE;
  const shift = (d: Digit, dr: number, dc: number): Digit | undefined => {
    const out = new Array<number>(n * n).fill(0);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const v = d.pixels[r * n + c];
        const [r2, c2] = [r + dr, c + dc];
        if (r2 < 0 || r2 >= n || c2 < 0 || c2 >= n) {
          if (v > 0) return undefined;
          continue;
        }
        out[r2 * n + c2] = v;
      }
    return { pixels: out, label: d.label };
  };
  return digits.flatMap((d) => [
    d,
    ...[
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
    ]
      .map(([dr, dc]) => shift(d, dr, dc))
      .filter((x): x is Digit => x !== undefined),
  ]);
}

/** What the pipeline answers for each digit (its top label, as a number). */
export async function pipelinePredictions(dir: string, digits: Digit[]): Promise<number[]> {
  const classify = await pipeline("image-classification", dir);
  const images = await Promise.all(digits.map((d) => digitImage(d)));
  const out = (await classify(images, { top_k: 1 })) as { label: string; score: number }[][];
  await classify.dispose();
  return out.map((r) => Number(r[0].label));
}

export const buildImageClassification: Builder = async (ctx) => {
  const { recipe, tf, dir } = ctx;
  const { train, heldOut } = digitsSplit();
  const imageSize = Number(recipe.model.image_size);
  const preprocessor = vitPreprocessorConfig(imageSize);
  fs.writeFileSync(path.join(dir, "preprocessor_config.json"), JSON.stringify(preprocessor, null, 2) + "\n");
  const processor = await transformers().AutoImageProcessor.from_pretrained(dir);
  const features = {
    pixel_values: { _type: "Sequence" as const, feature: { _type: "Value" as const, dtype: "float32" } },
    label: { _type: "ClassLabel" as const, names: [...Array(10).keys()].map(String) },
  };
  const encode = async (digits: Digit[]) =>
    Dataset.fromRows(
      await Promise.all(
        digits.map(async (d) => ({
          pixel_values: (await processor(await digitImage(d))).pixel_values.data as Float32Array,
          label: d.label,
        })),
      ),
      features,
    );
  const model = VitModel.fromConfig(
    tf,
    { ...recipe.model, id2label: Object.fromEntries([...Array(10).keys()].map((i) => [i, String(i)])) },
    { seed: recipe.seed },
  );
  console.log(`[${recipe.name}] ${train.length} training digits, ${heldOut.length} held out`);
  const shown = withShiftedCopies(seededSample(train, recipe.training.trainRows, recipe.seed));
  const trainer = new Trainer({
    model,
    args: zooArguments(ctx),
    trainDataset: await encode(shown),
    dataCollator: imageCollator(tf, model),
  });
  await trainer.train();
  const parameters = parameterCount(model);
  await saveVitPretrained(model, dir, preprocessor);
  model.dispose();
  // Measured as a learner meets it: pipeline("image-classification") on the saved folder (ONNX Runtime).
  const labels = heldOut.map((d) => d.label);
  const predicted = await pipelinePredictions(dir, heldOut);
  const metrics = {
    accuracy: accuracy(predicted, labels),
    majority_class_accuracy:
      Math.max(...[...Array(10).keys()].map((c) => labels.filter((l) => l === c).length)) / labels.length,
  };
  return {
    metrics,
    parameters,
    source: `scikit-learn's 8×8 handwritten digits (load_digits, 1797 images; data/datasets/scikit-learn/digits/): the course's split (digitsSplit: ${heldOut.length} images, a fifth picked with seed ${DIGITS_HELD_OUT.seed}, held out; the other ${train.length} train, each also moved one pixel up, down, left and right where its ink stays inside: ${shown.length} training images); no image is in both`,
    caveat:
      "The 1797 digits were written by 13 people and the data does not say who wrote which, so the held-out digits come from the same hands as the training ones: expect lower accuracy on other people's handwriting, and on digits not drawn like these (centred, thick strokes, 8×8 ink counts).",
  };
};
