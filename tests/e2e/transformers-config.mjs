// @huggingface/transformers fetching a model's config.json from the mirror through env.remoteHost, anonymously (it sends
// its token only to huggingface.co). The repository is made with @huggingface/hub first.
// Usage: HUB_URL=http://127.0.0.1:5080 HUB_TOKEN=hf_... node transformers-config.mjs
import assert from "node:assert/strict";
import * as hub from "@huggingface/hub";
import { env, AutoConfig } from "@huggingface/transformers";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const repo = { type: "model", name: `${process.env.HUB_NAMESPACE ?? "acme"}/tjs-${Date.now()}` };
const config = { model_type: "bert", architectures: ["BertForMaskedLM"], hidden_size: 32, num_attention_heads: 2, num_hidden_layers: 2, vocab_size: 100 };

try {
  await hub.createRepo({ repo, accessToken, hubUrl });
  await hub.uploadFile({ repo, accessToken, hubUrl, file: { path: "config.json", content: new Blob([JSON.stringify(config)]) } });

  env.remoteHost = hubUrl + "/";
  env.allowLocalModels = false;
  env.useBrowserCache = false;
  env.useFSCache = false;
  const loaded = await AutoConfig.from_pretrained(repo.name);
  assert.equal(loaded.model_type, "bert");
  assert.equal(loaded.hidden_size, 32);
  await assert.rejects(AutoConfig.from_pretrained(`${repo.name}-missing`));
  console.log("ok - transformers.js loads config.json through env.remoteHost");
  console.log("1 passed, 0 failed");
} catch (e) {
  console.log(`not ok - transformers.js: ${e?.stack ?? e}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
