// The SQuAD JSON format ({data: [{title, paragraphs: [{context, qas: [...]}]}]}) as the rows of the
// Hub's `rajpurkar/squad` dataset: id, title, context, question, answers {text[], answer_start[]}.
import * as fs from "fs";

export interface SquadRow {
  id: string;
  title: string;
  context: string;
  question: string;
  answers: { text: string[]; answer_start: number[] };
}

interface SquadFile {
  data: {
    title: string;
    paragraphs: {
      context: string;
      qas: { id: string; question: string; answers: { text: string; answer_start: number }[] }[];
    }[];
  }[];
}

export function parseSquad(json: string): SquadRow[] {
  const file = JSON.parse(json) as SquadFile;
  if (!Array.isArray(file.data)) throw new Error('not a SQuAD file: it has no "data" list of articles');
  return file.data.flatMap((article) =>
    article.paragraphs.flatMap((p) =>
      p.qas.map((qa) => ({
        id: qa.id,
        title: article.title,
        context: p.context,
        question: qa.question,
        answers: { text: qa.answers.map((a) => a.text), answer_start: qa.answers.map((a) => a.answer_start) },
      })),
    ),
  );
}

export function readSquad(file: string): SquadRow[] {
  return parseSquad(fs.readFileSync(file, "utf8"));
}
