// @huggingface/transformers loading a model from the mirror through env.remoteHost, anonymously (it sends its token only to
// huggingface.co): config.json, a tokenizer, an ONNX model it runs in onnxruntime-node, and a feature-extraction pipeline
// of the two. The repository is made with @huggingface/hub first.
// Usage: HUB_URL=http://127.0.0.1:5080 HUB_TOKEN=hf_... node transformers-model.mjs
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as hub from "@huggingface/hub";
import { env, AutoConfig, AutoModel, AutoTokenizer, Tensor, pipeline } from "@huggingface/transformers";
import { tinyEncoderOnnx } from "./tiny-onnx.mjs";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const repo = { type: "model", name: `${process.env.HUB_NAMESPACE ?? "acme"}/tjs-${Date.now()}` };
const config = { model_type: "bert", architectures: ["BertForMaskedLM"], hidden_size: 32, num_attention_heads: 2, num_hidden_layers: 2, vocab_size: 100 };
// A word-level tokenizer small enough to write here: lowercase, split on whitespace, three words and an unknown token.
const tokenizer = {
  version: "1.0", truncation: null, padding: null,
  added_tokens: [{ id: 0, content: "[UNK]", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
  normalizer: { type: "Lowercase" }, pre_tokenizer: { type: "Whitespace" }, post_processor: null, decoder: null,
  model: { type: "WordLevel", vocab: { "[UNK]": 0, hello: 1, world: 2, mirror: 3 }, unk_token: "[UNK]" },
};
let passed = 0;

try {
  await hub.createRepo({ repo, accessToken, hubUrl });
  await hub.uploadFiles({
    repo, accessToken, hubUrl,
    files: [
      { path: "config.json", content: new Blob([JSON.stringify(config)]) },
      { path: "tokenizer.json", content: new Blob([JSON.stringify(tokenizer)]) },
      { path: "tokenizer_config.json", content: new Blob([JSON.stringify({ tokenizer_class: "PreTrainedTokenizer", unk_token: "[UNK]" })]) },
      { path: "onnx/model.onnx", content: new Blob([tinyEncoderOnnx]) },
    ],
  });

  env.remoteHost = hubUrl + "/";
  env.allowLocalModels = false;
  env.useBrowserCache = false;
  env.useFSCache = false;
  const loaded = await AutoConfig.from_pretrained(repo.name);
  assert.equal(loaded.model_type, "bert");
  assert.equal(loaded.hidden_size, 32);
  await assert.rejects(AutoConfig.from_pretrained(`${repo.name}-missing`));
  console.log("ok - transformers.js loads config.json through env.remoteHost");
  passed++;

  const loadedTokenizer = await AutoTokenizer.from_pretrained(repo.name);
  assert.deepEqual(Array.from(loadedTokenizer.encode("Hello MIRROR unknown world")), [1, 3, 0, 2]);
  console.log("ok - transformers.js loads tokenizer.json and tokenizer_config.json and encodes with them");
  passed++;

  // In Node, model files are handed to onnxruntime from transformers.js's file cache, so it needs one.
  env.useFSCache = true;
  env.cacheDir = await mkdtemp(join(tmpdir(), "hubplatform-tjs-cache-"));
  try {
    const model = await AutoModel.from_pretrained(repo.name, { dtype: "fp32" });
    const out = await model({ input_ids: new Tensor("int64", BigInt64Array.from([3n, 5n, 7n]), [1, 3]) });
    assert.deepEqual(out.last_hidden_state.dims, [1, 3, 1]);
    assert.deepEqual(Array.from(out.last_hidden_state.data), [3, 5, 7]);
    console.log("ok - transformers.js loads onnx/model.onnx and runs it in onnxruntime-node");
    passed++;

    const extract = await pipeline("feature-extraction", repo.name, { dtype: "fp32" });
    const features = await extract("Hello mirror world");
    assert.deepEqual(Array.from(features.data), [1, 3, 2]);
    console.log("ok - a feature-extraction pipeline of the mirror's tokenizer and model");
    passed++;
  } finally {
    await rm(env.cacheDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, 0 failed`);
} catch (e) {
  console.log(`not ok - transformers.js: ${e?.stack ?? e}`);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1);
}
