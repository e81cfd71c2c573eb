using System.Text.Json.Nodes;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation;

/// <summary>
/// Architecture and task from what was read and run: the graph's operators, its inputs' and outputs' names, types and
/// shapes, the config.json beside it, and the shapes the probe run returned. A task is verified only when the run gave the
/// outputs it needs in the shapes it needs (a classifier's logits one per label, for instance).
/// </summary>
public static class ModelAnalysis
{
    /// <summary>The model's result with its architecture and task filled in.</summary>
    public static ModelValidation Analyze(ModelValidation model, ModelConfig? config)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.IrVersion is null ? model : model with { Architecture = Architecture(model, config), Task = Task(model, config) with { Labels = config?.Labels ?? [] } };
    }

    private static ModelArchitecture Architecture(ModelValidation model, ModelConfig? config)
    {
        var evidence = new List<string>();
        long Count(params string[] ops) => ops.Sum(op => model.Ops.GetValueOrDefault(op));
        var attention = Count("com.microsoft:Attention", "com.microsoft:MultiHeadAttention", "com.microsoft:GroupQueryAttention", "Attention") > 0
            || (Count("MatMul") >= 2 && Count("Softmax") > 0);
        var norm = Count("LayerNormalization", "com.microsoft:SkipLayerNormalization", "com.microsoft:EmbedLayerNormalization", "com.microsoft:SimplifiedLayerNormalization", "SimplifiedLayerNormalization", "RMSNormalization") > 0
            || (Count("ReduceMean") > 0 && Count("Pow") > 0 && Count("Sqrt") > 0);
        var past = model.Inputs.Any(i => IsPast(i.Name));
        var encoderDecoder = model.Inputs.Any(i => i.Name.Contains("decoder_input_ids", StringComparison.Ordinal) || i.Name.Contains("encoder_hidden_states", StringComparison.Ordinal));
        string family;
        if (attention && norm)
        {
            evidence.Add("attention (MatMul and Softmax, or an Attention operator) and layer normalization");
            family = encoderDecoder ? "encoder-decoder" : past || (config?.Architectures.Any(a => a.EndsWith("ForCausalLM", StringComparison.Ordinal)) ?? false) ? "transformer-decoder" : "transformer-encoder";
            if (past)
            {
                evidence.Add("past key values among the inputs");
            }

            if (encoderDecoder)
            {
                evidence.Add("decoder inputs beside encoder states");
            }
        }
        else if (Count("LSTM", "GRU", "RNN") > 0)
        {
            family = "rnn";
            evidence.Add($"{Count("LSTM", "GRU", "RNN")} recurrent operators (LSTM, GRU, RNN)");
        }
        else if (Count("Conv", "ConvTranspose") >= 2)
        {
            family = "cnn";
            evidence.Add($"{Count("Conv", "ConvTranspose")} convolutions");
        }
        else if (Count("Gemm", "MatMul") > 0)
        {
            family = "mlp";
            evidence.Add($"{Count("Gemm", "MatMul")} dense layers and no convolution, recurrence or attention");
        }
        else
        {
            family = "unknown";
        }

        var modelType = config?.ModelType ?? config?.Architectures.FirstOrDefault();
        if (config is not null)
        {
            evidence.Add($"config.json: model_type {config.ModelType ?? "(none)"}, architectures [{string.Join(", ", config.Architectures)}]");
        }

        return new ModelArchitecture { Family = family, ModelType = modelType, Evidence = evidence };
    }

    private static ModelTask Task(ModelValidation model, ModelConfig? config)
    {
        var inputs = model.Inputs.Select(i => i.Name).ToList();
        var outputs = model.Outputs;
        var ran = model.Probe is { Ran: true } probe ? probe.Outputs.ToDictionary(o => o.Name, o => o.Shape, StringComparer.Ordinal) : null;
        var labels = config?.Labels.Count ?? 0;
        var vocabulary = config?.VocabularySize;
        var tokens = inputs.Contains("input_ids");
        var logits = outputs.FirstOrDefault(o => o.Name == "logits");
        bool Ran(string output, Func<IReadOnlyList<long?>, bool> shape) => Dims(ran?.GetValueOrDefault(output)) is { } dims && shape(dims);
        ModelTask Found(string name, bool verified, params string[] evidence) => new() { Name = name, Verified = verified, Evidence = evidence };
        string Labels(long? n) => labels > 0 ? $"{n} = the {labels} labels of id2label" : $"{n} classes";

        if (outputs.Any(o => o.Name == "start_logits") && outputs.Any(o => o.Name == "end_logits"))
        {
            return Found("question-answering", Ran("start_logits", d => d.Count == 2) && Ran("end_logits", d => d.Count == 2), "start_logits and end_logits outputs");
        }

        if (outputs.Any(o => o.Name is "pred_boxes" or "boxes" or "bboxes" or "detection_boxes"))
        {
            var boxes = outputs.First(o => o.Name is "pred_boxes" or "boxes" or "bboxes" or "detection_boxes").Name;
            return Found("object-detection", Ran(boxes, d => d.Count >= 2 && d[^1] == 4), $"a '{boxes}' output of boxes");
        }

        if (tokens && inputs.Any(i => i.Contains("decoder_input_ids", StringComparison.Ordinal)))
        {
            return Found("text2text-generation", ran is not null && logits is not null, "input_ids and decoder_input_ids inputs");
        }

        if (logits is { Shape: { Count: 3 } } && (tokens || inputs.Any(i => i.Contains("past", StringComparison.Ordinal))))
        {
            var last = Fixed(logits.Shape[2]) ?? Dims(ran?.GetValueOrDefault("logits"))?.LastOrDefault();
            var overVocabulary = vocabulary is not null ? last == vocabulary : labels == 0 && last > 1000;
            if (inputs.Any(IsPast) || model.Outputs.Any(o => o.Name.StartsWith("present", StringComparison.Ordinal)) || (config?.Architectures.Any(a => a.EndsWith("ForCausalLM", StringComparison.Ordinal)) ?? false))
            {
                return Found("text-generation", Ran("logits", d => d.Count == 3 && (vocabulary is null || d[2] == vocabulary)),
                    $"logits [batch, sequence, {last}] over the vocabulary", "past key values in, present key values out");
            }

            if (overVocabulary || (config?.Architectures.Any(a => a.EndsWith("ForMaskedLM", StringComparison.Ordinal)) ?? false))
            {
                return Found("fill-mask", Ran("logits", d => d.Count == 3), $"logits [batch, sequence, {last}] over the vocabulary, no past");
            }

            return Found("token-classification", Ran("logits", d => d.Count == 3 && (labels == 0 || d[2] == labels)), $"logits [batch, sequence, {Labels(last)}] per token");
        }

        var image = model.Inputs.FirstOrDefault(i => i.Dtype is "float32" or "float16" && i.Shape is { Count: 4 } s && Fixed(s[1]) is 1 or 3);
        var audio = model.Inputs.FirstOrDefault(i => i.Name is "input_values" or "input_features" || (i.Dtype == "float32" && i.Shape is { Count: 2 } && i.Name.Contains("audio", StringComparison.Ordinal)));
        // Scores per class: [batch, classes], or [batch, classes, 1, 1] as convolutional classifiers leave them.
        static bool PerClass(IReadOnlyList<JsonNode?>? shape) => shape is { Count: 2 } || (shape is { Count: 4 } && Fixed(shape[2]) == 1 && Fixed(shape[3]) == 1);
        var classes = logits ?? (outputs.Count == 1 && PerClass(outputs[0].Shape) ? outputs[0] : null);
        if (classes is not null && PerClass(classes.Shape) && (tokens || image is not null || audio is not null))
        {
            var n = Fixed(classes.Shape![1]) ?? Dims(ran?.GetValueOrDefault(classes.Name))?.ElementAtOrDefault(1);
            var task = tokens ? "text-classification" : image is not null ? "image-classification" : "audio-classification";
            var from = tokens ? "input_ids" : image is not null ? $"an image input '{image.Name}' [batch, {Fixed(image.Shape![1])}, height, width]" : $"an audio input '{audio!.Name}'";
            return Found(task, Ran(classes.Name, d => d.Count >= 2 && d.Skip(2).All(x => x == 1) && (labels == 0 || d[1] == labels)), $"{from} to '{classes.Name}' [batch, {Labels(n)}]");
        }

        if (audio is not null && logits is { Shape.Count: 3 })
        {
            return Found("automatic-speech-recognition", Ran("logits", d => d.Count == 3), $"an audio input '{audio.Name}' to logits per frame");
        }

        if (tokens && outputs.FirstOrDefault(o => o.Name is "last_hidden_state" or "sentence_embedding" or "pooler_output" || o.Shape is { Count: 3 }) is { } hidden)
        {
            return Found("feature-extraction", Ran(hidden.Name, d => d.Count >= 2), $"input_ids to '{hidden.Name}', hidden states without a head");
        }

        return Found("unknown", false, "the inputs and outputs match no task this server recognises");
    }

    private static bool IsPast(string name) => name.StartsWith("past", StringComparison.Ordinal) || name.Contains("past_key_values", StringComparison.Ordinal);

    private static long? Fixed(JsonNode? dim) => dim is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    private static List<long?>? Dims(IReadOnlyList<JsonNode?>? shape) => shape?.Select(Fixed).ToList();
}
