import * as fs from "fs";
(async () => {
  const hp = require("hyparquet");
  console.log(Object.keys(hp).join(" "));
  const buf = fs.readFileSync("/work/shared/datasets/nyu-mll/glue/hub-parquet/mrpc/validation/0000.parquet");
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const meta = hp.parquetMetadata(file);
  console.log(meta.num_rows, meta.row_groups.length, JSON.stringify(meta.schema).slice(0, 600));
  console.log((meta.key_value_metadata ?? []).map((kv: any) => kv.key), JSON.stringify((meta.key_value_metadata ?? []).find((kv: any) => kv.key === "huggingface")?.value).slice(0, 400));
  const rows = await hp.parquetReadObjects({ file, rowEnd: 2 });
  console.log(rows);
  const own = fs.readFileSync("/work/shared/datasets/google-research-datasets/poem_sentiment/data/train-00000-of-00001.parquet");
  const m2 = hp.parquetMetadata(own.buffer.slice(own.byteOffset, own.byteOffset + own.byteLength));
  console.log(m2.num_rows, JSON.stringify(m2.schema.map((s: any) => [s.name, s.type, s.converted_type, s.logical_type])), (m2.key_value_metadata ?? []).find((kv: any) => kv.key === "huggingface")?.value.slice(0, 300));
  const conv = fs.readFileSync("/work/shared/datasets/nyu-mll/glue/parquet/sst2/train/0000.parquet");
  const m3 = hp.parquetMetadata(conv.buffer.slice(conv.byteOffset, conv.byteOffset + conv.byteLength));
  console.log(m3.num_rows, JSON.stringify(m3.schema.map((s: any) => [s.name, s.type, s.converted_type, s.repetition_type])), (m3.key_value_metadata ?? []).map((k: any) => k.key));
})();
