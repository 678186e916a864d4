// A short recording for the speech-recognition lesson: jfk.wav from the Hub dataset
// Xenova/transformers.js-docs (the sample transformers.js's own docs transcribe), downloaded once into
// the course cache like any dataset file, and decoded to the mono samples Whisper reads. transformers.js
// reads audio with the Web Audio API, which Node lacks, so the WAV is decoded with wavefile, as
// transformers.js's Node guide does.
import * as fs from "fs";
import * as path from "path";
import { WaveFile } from "wavefile";
import { hubSource, datasetsCache } from "../datasets/sources";
import { parseRepo } from "../hub/repo";
import { sourceUnreachable } from "../models/resolve";
import { settings } from "../settings";

export const SPEECH_SAMPLE = { dataset: "Xenova/transformers.js-docs", revision: "main", file: "jfk.wav" } as const;

/** A WAV file's samples, mixed to mono and resampled to `samplingRate`, as float32 in [-1, 1]. */
export function decodeWav(bytes: Uint8Array, samplingRate: number): Float32Array {
  const wav = new WaveFile(bytes);
  wav.toBitDepth("32f");
  // Resampled only when the rate differs: wavefile filters even at the same rate.
  if ((wav.fmt as { sampleRate: number }).sampleRate !== samplingRate) wav.toSampleRate(samplingRate);
  const samples = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  if (!Array.isArray(samples)) return Float32Array.from(samples);
  // Several channels: their mean.
  return Float32Array.from(samples[0], (_, i) => samples.reduce((sum, ch) => sum + ch[i], 0) / samples.length);
}

/**
 * The sample at `samplingRate` (Whisper's is 16 kHz): from the course cache, else downloaded. Where it
 * cannot be had (offline, the Hub out of reach) one line says so and the result is undefined.
 */
export async function speechSample(samplingRate = 16000): Promise<Float32Array | undefined> {
  const repo = parseRepo(SPEECH_SAMPLE.dataset, "dataset");
  const cached = path.join(
    datasetsCache(),
    ...SPEECH_SAMPLE.dataset.split("/"),
    SPEECH_SAMPLE.revision,
    SPEECH_SAMPLE.file,
  );
  let file = cached;
  if (!fs.existsSync(cached)) {
    const skip = (why: string) =>
      console.log(
        `ℹ Skipped: the speech sample ${SPEECH_SAMPLE.dataset}/${SPEECH_SAMPLE.file} is not in the course cache and ${why}; run this cell once online.`,
      );
    if (settings.offline) return (skip("offline mode is on (HF_HUB_OFFLINE=1)"), undefined);
    const hub = hubSource();
    try {
      const entry = (await hub.list(repo, SPEECH_SAMPLE.revision))?.find((f) => f.path === SPEECH_SAMPLE.file);
      if (!entry)
        throw new Error(
          `the dataset ${SPEECH_SAMPLE.dataset} has no ${SPEECH_SAMPLE.file} at ${SPEECH_SAMPLE.revision}`,
        );
      file = await hub.fetch(repo, SPEECH_SAMPLE.revision, entry);
    } catch (err) {
      if (!sourceUnreachable(err)) throw err;
      return (skip(`the Hub cannot be reached (${(err as Error).message})`), undefined);
    }
  }
  return decodeWav(fs.readFileSync(file), samplingRate);
}
