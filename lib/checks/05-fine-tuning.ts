// Chapter 5's exercises (fine-tuning): the pieces of a training run, each checked against the course's
// own implementation (the Trainer's schedule, the metrics) on visible and hidden inputs.
import { accuracy, argmax } from "../metrics";
import { autoTokenizer, type Tokenizer } from "../models/auto";
import { linearSchedule } from "../training/schedule";
import {
  type Exercise,
  choiceExercise,
  codeExercise,
  expectClose,
  expectSame,
  numberAnswer,
  predictExercise,
  show,
} from "../grading/exercise";

const close = expectClose;
const same = expectSame;

const majority = (labels: number[]) =>
  Math.max(...[...new Set(labels)].map((l) => labels.filter((x) => x === l).length)) / labels.length;
const lr = (step: number, peak: number, warmup: number, total: number) => linearSchedule(peak, warmup, total)(step);
let bert: Promise<Tokenizer> | undefined;
const tokenizer = () => (bert ??= autoTokenizer("Xenova/bert-base-uncased"));

/** What `Dataset.fromRows(rows).map(batched tokenize).filter(at most maxTokens ids).toRows()` gives. */
async function encodedThatFit(rows: { sentence: string; label: number }[], maxTokens: number) {
  const tok = await tokenizer();
  const ids = (
    tok(
      rows.map((r) => r.sentence),
      { return_tensor: false },
    ) as unknown as { input_ids: number[][] }
  ).input_ids;
  return rows.map((r, i) => ({ ...r, input_ids: ids[i] })).filter((r) => r.input_ids.length <= maxTokens);
}

// ch5.q8's rows: its visible case's, and its hidden cases' (the same rows at two limits). The checks
// hand each case a copy (Exercise.inputs), so a function that changes its rows changes no expected value.
const Q8_VISIBLE_ROWS = [
  { sentence: "A gripping, beautifully acted film.", label: 1 },
  {
    sentence: "It is a long, tedious mess that never finds its footing, and the jokes all fall flat.",
    label: 0,
  },
  { sentence: "Fine.", label: 1 },
];
const Q8_HIDDEN_ROWS = [
  { sentence: "An unbelievably long-winded and self-indulgent documentary.", label: 0 },
  { sentence: "Loved it!", label: 1 },
  { sentence: "Nothing here works.", label: 0 },
  { sentence: "Tokenization splits unbelievably rare words into pieces.", label: 1 },
];

/** Early stopping as the Trainer's callback does it: stop after `patience` evaluations without a new best (strictly lower) loss. */
function earlyStop(losses: number[], patience: number): { stopAt: number; best: number } {
  let best = 0;
  for (let i = 1; i < losses.length; i++) {
    if (losses[i] < losses[best]) best = i;
    else if (i - best >= patience) return { stopAt: i + 1, best: best + 1 };
  }
  return { stopAt: losses.length, best: best + 1 };
}

// Rows of GLUE SST-2's validation split (the sentence and its label, 0 negative, 1 positive): the
// fine-tuned model is judged on them against the majority baseline.
const SST2_VISIBLE: [string, number][] = [
  [
    "you really have to wonder how on earth anyone , anywhere could have thought they 'd make audiences guffaw with a script as utterly diabolical as this .",
    0,
  ],
  ["my thoughts were focused on the characters .", 1],
  [
    "the best revenge may just be living well because this film , unlike other dumas adaptations , is far more likened to a treasure than a lengthy jail sentence .",
    1,
  ],
  ["it ca n't decide if it wants to be a mystery/thriller , a romance or a comedy .", 0],
  ["nothing is sacred in this gut-buster .", 0],
  ["a great ensemble cast ca n't lift this heartfelt enterprise out of the familiar .", 0],
  [
    "belongs to daniel day-lewis as much as it belongs to martin scorsese ; it 's a memorable performance in a big , brassy , disturbing , unusual and highly successful film .",
    1,
  ],
  [
    "some of their jokes work , but most fail miserably and in the end , pumpkin is far more offensive than it is funny .",
    0,
  ],
  [
    "the film may appear naked in its narrative form ... but it goes deeper than that , to fundamental choices that include the complexity of the catholic doctrine",
    1,
  ],
  ["rare birds has more than enough charm to make it memorable .", 1],
  [
    "the most hopelessly monotonous film of the year , noteworthy only for the gimmick of being filmed as a single unbroken 87-minute take .",
    0,
  ],
  [
    "altogether , this is successful as a film , while at the same time being a most touching reconsideration of the familiar masterpiece .",
    1,
  ],
  ["i do n't think i laughed out loud once .", 0],
  ["it provides an honest look at a community striving to anchor itself in new grounds .", 1],
  [
    "this is a winning ensemble comedy that shows canadians can put gentle laughs and equally gentle sentiments on the button , just as easily as their counterparts anywhere else in the world .",
    1,
  ],
  [
    "it 's clear the filmmakers were n't sure where they wanted their story to go , and even more clear that they lack the skills to get us to this undetermined destination .",
    0,
  ],
  [
    "awesome creatures , breathtaking scenery , and epic battle scenes add up to another ` spectacular spectacle . '",
    1,
  ],
  ["determined to be fun , and bouncy , with energetic musicals , the humor did n't quite engage this adult .", 0],
  [
    "at the very least , if you do n't know anything about derrida when you walk into the theater , you wo n't know much more when you leave .",
    0,
  ],
  ["looks and feels like a project better suited for the small screen .", 0],
];
const SST2_HIDDEN: [string, number][] = [
  ["utterly lacking in charm , wit and invention , roberto benigni 's pinocchio is an astonishingly bad film .", 0],
  ["do n't be fooled by the impressive cast list - eye see you is pure junk .", 0],
  ["dense with characters and contains some thrilling moments .", 1],
  ["a broad , melodramatic estrogen opera that 's pretty toxic in its own right .", 0],
  ["it proves quite compelling as an intense , brooding character study .", 1],
  [
    "to call the other side of heaven `` appalling '' would be to underestimate just how dangerous entertainments like it can be .",
    0,
  ],
  ["it 's hampered by a lifetime-channel kind of plot and a lead actress who is out of her depth .", 0],
  ["( a ) shapeless blob of desperate entertainment .", 0],
  ["the characters are interesting and often very creatively constructed from figure to backstory .", 1],
  ["it 's so mediocre , despite the dynamic duo on the marquee , that we just ca n't get no satisfaction .", 0],
  ["you do n't have to know about music to appreciate the film 's easygoing blend of comedy and romance .", 1],
  ["just as moving , uplifting and funny as ever .", 1],
  ["or emptying rat traps .", 0],
  [
    "the lion king was a roaring success when it was released eight years ago , but on imax it seems better , not just bigger .",
    1,
  ],
  [
    "velocity represents everything wrong with '' independent film '' as a commodified , sold-out concept on the american filmmaking scene .",
    0,
  ],
  ["excessive , profane , packed with cartoonish violence and comic-strip characters .", 0],
  [
    "a science-fiction pastiche so lacking in originality that if you stripped away its inspirations there would be precious little left .",
    0,
  ],
  ["the primitive force of this film seems to bubble up from the vast collective memory of the combatants .", 1],
  ["this one is definitely one to skip , even for horror movie fanatics .", 0],
  ["the only excitement comes when the credits finally roll and you get to leave the theater .", 0],
  [
    "byler reveals his characters in a way that intrigues and even fascinates us , and he never reduces the situation to simple melodrama .",
    1,
  ],
  [
    "with virtually no interesting elements for an audience to focus on , chelsea walls is a triple-espresso endurance challenge .",
    0,
  ],
  ["it 's one heck of a character study -- not of hearst or davies but of the unique relationship between them .", 1],
  ["the film tunes into a grief that could lead a man across centuries .", 1],
  ["there 's a wickedly subversive bent to the best parts of birthday girl .", 1],
  ["` de niro ... is a veritable source of sincere passion that this hollywood contrivance orbits around . '", 1],
  ["intriguing documentary which is emotionally diluted by focusing on the story 's least interesting subject .", 1],
  [
    "it 's the chemistry between the women and the droll scene-stealing wit and wolfish pessimism of anna chancellor that makes this `` two weddings and a funeral '' fun .",
    1,
  ],
  [
    "it 's not that kung pow is n't funny some of the time -- it just is n't any funnier than bad martial arts movies are all by themselves , without all oedekerk 's impish augmentation .",
    0,
  ],
  [
    "gives you the steady pulse of life in a beautiful city viewed through the eyes of a character who , in spite of tragic loss and increasing decrepitude , knows in his bones that he is one of the luckiest men alive .",
    1,
  ],
  [
    "displaying about equal amounts of naiveté , passion and talent , beneath clouds establishes sen as a filmmaker of considerable potential .",
    1,
  ],
  [
    "no sophomore slump for director sam mendes , who segues from oscar winner to oscar-winning potential with a smooth sleight of hand .",
    1,
  ],
  [
    "the best that can be said about the work here of scottish director ritchie ... is that he obviously does n't have his heart in it .",
    0,
  ],
  ["not since tom cruise in risky business has an actor made such a strong impression in his underwear .", 1],
  [
    "try as i may , i ca n't think of a single good reason to see this movie , even though everyone in my group extemporaneously shouted , ` thank you ! '",
    0,
  ],
  ["the subtle strength of `` elling '' is that it never loses touch with the reality of the grim situation .", 1],
  ["it all adds up to good fun .", 1],
  [
    "this is an egotistical endeavor from the daughter of horror director dario argento ( a producer here ) , but her raw performance and utter fearlessness make it strangely magnetic .",
    1,
  ],
  ["in execution , this clever idea is far less funny than the original , killers from space .", 0],
  [
    "there 's something auspicious , and daring , too , about the artistic instinct that pushes a majority-oriented director like steven spielberg to follow a.i. with this challenging report so liable to unnerve the majority .",
    1,
  ],
  ["adults will wish the movie were less simplistic , obvious , clumsily plotted and shallowly characterized .", 0],
  ["a bloated gasbag thesis grotesquely impressed by its own gargantuan aura of self-importance ...", 0],
  ["corny , schmaltzy and predictable , but still manages to be kind of heartwarming , nonetheless .", 1],
  ["with rabbit-proof fence , noyce has tailored an epic tale into a lean , economical movie .", 1],
  [
    "his last movie was poetically romantic and full of indelible images , but his latest has nothing going for it .",
    0,
  ],
  ["there is no pleasure in watching a child suffer .", 0],
  [
    "the band 's courage in the face of official repression is inspiring , especially for aging hippies ( this one included ) .",
    1,
  ],
  ["that 's pure pr hype .", 0],
  ["a tender , heartfelt family drama .", 1],
  ["cool ?", 1],
  ["it has all the excitement of eating oatmeal .", 0],
  ["they should have called it gutterball .", 0],
  [
    "the film makes a fatal mistake : it asks us to care about a young man whose only apparent virtue is that he is not quite as unpleasant as some of the people in his life .",
    0,
  ],
  [
    "despite all evidence to the contrary , this clunker has somehow managed to pose as an actual feature movie , the kind that charges full admission and gets hyped on tv and purports to amuse small children and ostensible adults .",
    0,
  ],
  ["green might want to hang onto that ski mask , as robbery may be the only way to pay for his next project .", 0],
  [
    "harris commands the screen , using his frailty to suggest the ravages of a life of corruption and ruthlessness .",
    1,
  ],
  [
    "highbrow self-appointed guardians of culture need not apply , but those who loved cool as ice have at last found a worthy follow-up .",
    1,
  ],
  [
    "pumpkin takes an admirable look at the hypocrisy of political correctness , but it does so with such an uneven tone that you never know when humor ends and tragedy begins .",
    0,
  ],
  ["sade is an engaging look at the controversial eponymous and fiercely atheistic hero .", 1],
  ["to say this was done better in wilder 's some like it hot is like saying the sun rises in the east .", 0],
];
const SST2_LABELS = ["negative", "positive"];

function beatsMajority(rows: [string, number][]) {
  return (out: unknown) => {
    const gold = rows.map(([, l]) => SST2_LABELS[l]);
    if (!Array.isArray(out) || out.length !== rows.length || out.some((l) => typeof l !== "string"))
      return {
        message: `expected one label (a string) per text (${rows.length}), got ${show(out)}`,
        got: show(out),
        hint: "return the label of each text's prediction, in order",
      };
    const unknown = out.find((l) => !SST2_LABELS.includes(l as string));
    if (unknown !== undefined)
      return {
        message: `${show(unknown)} is not one of SST-2's labels ${show(SST2_LABELS)}`,
        got: show(out),
        hint: "give the model SST-2's label names (labelNames()) as its id2label, so the reloaded pipeline returns them",
      };
    const acc = out.filter((l, i) => l === gold[i]).length / rows.length;
    const majority = Math.max(...SST2_LABELS.map((l) => gold.filter((g) => g === l).length)) / rows.length;
    return acc > majority
      ? undefined
      : {
          message: `accuracy ${acc.toFixed(3)} does not beat the majority baseline (${majority.toFixed(3)}) on these rows`,
          expected: `> ${majority.toFixed(3)}`,
          got: acc.toFixed(3),
          hint: "train on more rows or for another epoch, check the learning rate, and check that the labels of your training rows are right",
        };
  };
}

const trainable = (rows: { input_ids: number[]; label: number }[], maxLength: number) =>
  rows.filter((r) => r.input_ids.length <= maxLength).map((r) => r.label);

export const CHAPTER_05: readonly Exercise[] = [
  codeExercise<[number[]]>({
    id: "ch5.q1",
    title: "The majority-class baseline",
    points: 2,
    cases: [
      { input: [[1, 0, 1, 1]], expect: close(majority([1, 0, 1, 1]), "the share of the most common label") },
      {
        input: [[0, 0, 2, 1, 2, 2, 2]],
        hidden: true,
        expect: close(majority([0, 0, 2, 1, 2, 2, 2]), "any number of classes"),
      },
    ],
  }),
  codeExercise<[number[][], number[]]>({
    id: "ch5.q2",
    title: "Accuracy from logits",
    points: 2,
    cases: [
      {
        input: [
          [
            [0.2, 1.5],
            [2, -1],
            [0, 3],
          ],
          [1, 0, 0],
        ],
        expect: close(
          accuracy(
            argmax([
              [0.2, 1.5],
              [2, -1],
              [0, 3],
            ]),
            [1, 0, 0],
          ),
          "the predicted label is the index of the largest logit",
        ),
      },
      {
        input: [
          [
            [1, 2, 3],
            [3, 2, 1],
            [0, 5, 0],
            [1, 1, 2],
          ],
          [2, 0, 1, 0],
        ],
        hidden: true,
        expect: close(
          accuracy(
            argmax([
              [1, 2, 3],
              [3, 2, 1],
              [0, 5, 0],
              [1, 1, 2],
            ]),
            [2, 0, 1, 0],
          ),
          "compare the argmax of each row with its label",
        ),
      },
    ],
  }),
  codeExercise<[number, number, number, number]>({
    id: "ch5.q3",
    title: "The learning-rate schedule",
    points: 2,
    cases: [
      {
        input: [5, 1e-3, 10, 100],
        expect: close(
          lr(5, 1e-3, 10, 100),
          "during warmup the rate climbs in a straight line, from 0 at step 0 to peak at warmupSteps",
        ),
      },
      {
        input: [55, 1e-3, 10, 100],
        expect: close(
          lr(55, 1e-3, 10, 100),
          "after warmup it falls in a straight line, from peak at warmupSteps to 0 at totalSteps",
        ),
      },
      { input: [0, 5e-5, 0, 50], hidden: true, expect: close(lr(0, 5e-5, 0, 50), "no warmup: start at the peak") },
      { input: [100, 1e-3, 10, 100], hidden: true, expect: close(lr(100, 1e-3, 10, 100), "it ends at 0") },
    ],
  }),
  codeExercise<[{ input_ids: number[]; label: number }[], number]>({
    id: "ch5.q4",
    title: "Keep the rows that fit",
    points: 2,
    cases: [
      {
        input: [
          [
            { input_ids: [1, 2, 3], label: 0 },
            { input_ids: [1, 2, 3, 4, 5], label: 1 },
            { input_ids: [7], label: 1 },
          ],
          4,
        ],
        expect: same(
          trainable(
            [
              { input_ids: [1, 2, 3], label: 0 },
              { input_ids: [1, 2, 3, 4, 5], label: 1 },
              { input_ids: [7], label: 1 },
            ],
            4,
          ),
          "keep rows with at most maxLength ids, return their labels in order",
        ),
      },
      {
        input: [
          [
            { input_ids: [1, 2], label: 2 },
            { input_ids: [1, 2], label: 0 },
          ],
          2,
        ],
        hidden: true,
        expect: same(
          trainable(
            [
              { input_ids: [1, 2], label: 2 },
              { input_ids: [1, 2], label: 0 },
            ],
            2,
          ),
          "a row of exactly maxLength ids fits",
        ),
      },
    ],
  }),
  predictExercise({
    id: "ch5.q5",
    title: "Predict: how many optimizer steps?",
    points: 1,
    hash: "sha256:1f2e71862cabe5d5:93b3a0874bd3f2d4e8822698c5bd57c229f58968771dd058c9ef388e09879a53",
    hint: "steps per epoch = ceil(rows / batch size), times the epochs",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch5.q6",
    title: "Why fine-tune a pretrained model?",
    points: 1,
    choices: {
      a: {
        text: "it already knows the language, so a small labelled dataset and little compute suffice",
        why: "That is transfer learning: pretraining is done once, fine-tuning is cheap.",
      },
      b: {
        text: "a pretrained model has no weights yet",
        why: "It has all its weights from pretraining; only a new head starts random.",
      },
      c: { text: "fine-tuning needs no labels", why: "Fine-tuning is supervised: it learns from labelled examples." },
      d: {
        text: "a pretrained model is always more accurate than one trained from scratch, on any task",
        why: 'Usually it is better with little data, but not "always, on any task": pretraining helps when its text resembles yours.',
      },
    },
    hash: "sha256:b9d910b62e9027e0:47711f4232dceaa2511049f01ac2454c17e0389ef595e6474a718ae132bffde4",
  }),
  choiceExercise({
    id: "ch5.q7",
    title: "What does dynamic padding do?",
    points: 1,
    choices: {
      a: {
        text: "it pads every row to the model's maximum length",
        why: "That is padding to max_length, the wasteful option.",
      },
      b: {
        text: "it removes padding from the dataset for good",
        why: "A batch is a rectangle: its rows must have one length.",
      },
      c: {
        text: "it pads each batch only to the length of its own longest row",
        why: "Less padding to compute, the same results thanks to the attention mask.",
      },
      d: {
        text: "it truncates every row to the length of the shortest one",
        why: "That would lose text; padding adds, it never removes.",
      },
    },
    hash: "sha256:d70c87e50e822bf9:56fff247b684d1d0f2988bacdce57559f95a4c1b365bd9eadea3c1a66e3edb69",
  }),
  codeExercise<[{ sentence: string; label: number }[], number]>({
    id: "ch5.q8",
    title: "Dataset.map: tokenize, then keep the rows that fit",
    points: 2,
    cases: [
      {
        input: [Q8_VISIBLE_ROWS, 12],
        expect: same(
          () => encodedThatFit(Q8_VISIBLE_ROWS, 12),
          "map with batched: true gets a batch of columns (batch.sentence is an array) and returns the new column input_ids; filter keeps a row when its function returns true",
        ),
      },
      {
        input: [Q8_HIDDEN_ROWS, 8],
        hidden: true,
        expect: same(
          () => encodedThatFit(Q8_HIDDEN_ROWS, 8),
          "count the ids the tokenizer gives, special tokens included",
        ),
      },
      {
        input: [Q8_HIDDEN_ROWS, 2],
        hidden: true,
        expect: same(() => encodedThatFit(Q8_HIDDEN_ROWS, 2), "no row may fit: an empty array"),
      },
    ],
  }),
  codeExercise<[number[], number]>({
    id: "ch5.q9",
    title: "Early stopping from a validation curve",
    points: 2,
    cases: [
      {
        input: [[0.7, 0.5, 0.45, 0.48, 0.52, 0.6], 2],
        expect: same(
          earlyStop([0.7, 0.5, 0.45, 0.48, 0.52, 0.6], 2),
          "count the evaluations since the best loss so far; stop when that count reaches patience",
        ),
      },
      {
        input: [[0.9, 0.8, 0.7, 0.6], 1],
        expect: same(
          earlyStop([0.9, 0.8, 0.7, 0.6], 1),
          "a loss that keeps falling never stops training early: stop at the last epoch",
        ),
      },
      {
        input: [[0.5, 0.5, 0.5, 0.3], 2],
        hidden: true,
        expect: same(earlyStop([0.5, 0.5, 0.5, 0.3], 2), "an equal loss is not an improvement"),
      },
      {
        input: [[0.6, 0.7, 0.4, 0.41, 0.39, 0.45, 0.5], 2],
        hidden: true,
        expect: same(earlyStop([0.6, 0.7, 0.4, 0.41, 0.39, 0.45, 0.5], 2), "a new best resets the count"),
      },
      {
        input: [[0.4], 3],
        hidden: true,
        expect: same(earlyStop([0.4], 3), "one evaluation: stop at epoch 1, the best"),
      },
    ],
  }),
  predictExercise({
    id: "ch5.q10",
    title: "Predict: which epoch's checkpoint to keep",
    points: 1,
    hash: "sha256:bc4019f258335f91:e8c9c61c1b64d4b9fe8b0375ab425ed6e91e60c4a429473281a3e84f85a6f755",
    hint: "which curve tells how the model does on data it does not train on? (answer with a number)",
    normalize: numberAnswer,
  }),
  choiceExercise({
    id: "ch5.q11",
    title: "A flat training curve",
    points: 1,
    choices: {
      a: {
        text: "it overfits: add weight decay or dropout",
        why: "Overfitting needs a training loss that falls; here neither loss moves.",
      },
      b: {
        text: "it underfits: check the learning rate (too small, or so large it diverged), the labels, then train longer",
        why: "Both losses stay at ln 2 ≈ 0.69, the loss of a coin toss for two classes: the model has learned nothing yet.",
      },
      c: {
        text: "it has converged: stop here",
        why: "A loss of 0.69 for two classes is what a model that always answers 50/50 gets.",
      },
      d: {
        text: "the validation set is too small",
        why: "The training loss, computed on many rows, does not move either.",
      },
    },
    hash: "sha256:f90ae73c789c3b2d:c1e21cde3d9afd2de84f41d663bf91fc9efdbfeb5b3f41e9dcea87f269ebdcb8",
  }),
  codeExercise<[string[]]>({
    id: "ch5.q12",
    title: "Fine-tune, save, reload, classify",
    points: 4,
    cases: [
      { input: [SST2_VISIBLE.map(([s]) => s)], expect: beatsMajority(SST2_VISIBLE) },
      { input: [SST2_HIDDEN.map(([s]) => s)], hidden: true, expect: beatsMajority(SST2_HIDDEN) },
    ],
  }),
  // Review
  choiceExercise({
    id: "ch5.q13",
    title: "Review: what does the Trainer do for you? (select all)",
    points: 1,
    selectAll: true,
    choices: {
      a: { text: "it batches the rows and pads each batch (with its collator)", why: "Dynamic padding, per batch." },
      b: {
        text: "it runs the optimizer's steps with the learning-rate schedule",
        why: "AdamW with warmup and linear decay, as exercise 3.",
      },
      c: {
        text: "it evaluates after each epoch and calls computeMetrics on the logits",
        why: 'With evalStrategy "epoch" and an evalDataset.',
      },
      d: {
        text: "it picks the best architecture for your task",
        why: "You choose the checkpoint and the head; the Trainer trains what it is given.",
      },
    },
    hash: "sha256:d392bc9769652921:337daf64da77b53c8e0a96bdd66a4d126a47fd2680f149d1ca9b67f39fd3dc81",
  }),
  choiceExercise({
    id: "ch5.q14",
    title: "Review: what is batched: true in Dataset.map for?",
    points: 1,
    choices: {
      a: {
        text: "it pads the rows into batches",
        why: "map does not pad: the collator does, per batch, at training time.",
      },
      b: {
        text: "the function gets many rows at once, as columns, so the tokenizer works on a whole batch: much faster",
        why: "batch.sentence is an array of sentences; the function returns arrays of the same length.",
      },
      c: { text: "it shuffles the rows", why: "That is shuffle(seed)." },
      d: { text: "it runs the function on the GPU", why: "map runs in JavaScript; batching only saves calls." },
    },
    hash: "sha256:64c1df95ed9fc4d4:5f53e4d94c7b43e32f28317bec96df60472203f16eb181c4271209baffb762af",
  }),
  choiceExercise({
    id: "ch5.q15",
    title: "Review: why compare a fine-tuned model with the majority baseline?",
    points: 1,
    choices: {
      a: {
        text: "an accuracy means little until you know what always answering the most common label scores",
        why: "0.68 on MRPC is what a model that learned nothing gets: the baseline is the bar to beat.",
      },
      b: {
        text: "the baseline is the best a model can do",
        why: "It is the worst reasonable score; a model should beat it.",
      },
      c: { text: "the Trainer needs it to compute the loss", why: "The loss needs only the logits and the labels." },
      d: { text: "to choose the learning rate", why: "The baseline says nothing about the learning rate." },
    },
    hash: "sha256:3d3614be0c6296a0:4c16f0805a0187dd9b3081619f88e819caf1f765a1e245afb7af338fba0854db",
  }),
];
