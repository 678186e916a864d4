// Every exercise of the course, by id ("ch1.q3"): the chapters' checks in lib/checks/.
import { CHAPTER_00 } from "../checks/00-setup";
import { CHAPTER_01 } from "../checks/01-pipelines";
import { CHAPTER_02 } from "../checks/02-transformers";
import { CHAPTER_03 } from "../checks/03-tokenization";
import { CHAPTER_04 } from "../checks/04-behind-the-pipeline";
import { CHAPTER_05 } from "../checks/05-fine-tuning";
import { CHAPTER_06 } from "../checks/06-evaluation";
import type { Exercise } from "./exercise";

export const EXERCISES: readonly Exercise[] = [
  ...CHAPTER_00,
  ...CHAPTER_01,
  ...CHAPTER_02,
  ...CHAPTER_03,
  ...CHAPTER_04,
  ...CHAPTER_05,
  ...CHAPTER_06,
];

export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}
