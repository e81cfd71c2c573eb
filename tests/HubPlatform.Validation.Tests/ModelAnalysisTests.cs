using System.Text.Json.Nodes;
using HubPlatform.Hub.Validation;

namespace HubPlatform.Validation.Tests;

/// <summary>Architecture and task from a model's inputs, outputs, operators, config and the shapes its run returned.</summary>
public sealed class ModelAnalysisTests
{
    private static readonly Dictionary<string, long> Transformer = new() { ["MatMul"] = 12, ["Softmax"] = 2, ["LayerNormalization"] = 5, ["Gather"] = 1 };

    [Fact]
    public void A_sequence_classifier_is_verified_when_its_logits_have_one_score_per_label()
    {
        var config = ModelConfig.Parse("""{"architectures":["BertForSequenceClassification"],"model_type":"bert","id2label":{"0":"NEG","1":"POS"},"vocab_size":30522}""");
        var model = Model(Transformer, [Tensor("input_ids", "batch", "sequence"), Tensor("attention_mask", "batch", "sequence")], [Tensor("logits", "batch", 2)], Ran(("logits", [1, 2])));

        var result = ModelAnalysis.Analyze(model, config);
        var wrongLabels = ModelAnalysis.Analyze(model, config! with { Labels = ["A", "B", "C"] });
        var notRun = ModelAnalysis.Analyze(model with { Probe = null }, config);

        Assert.Equal(("transformer-encoder", "bert"), (result.Architecture!.Family, result.Architecture.ModelType));
        Assert.Equal(("text-classification", true), (result.Task!.Name, result.Task.Verified));
        Assert.Contains("2 = the 2 labels of id2label", result.Task.Evidence[0], StringComparison.Ordinal);
        Assert.False(wrongLabels.Task!.Verified);
        Assert.Equal(("text-classification", false), (notRun.Task!.Name, notRun.Task.Verified));
    }

    [Theory]
    [InlineData("token-classification", 3, false)]
    [InlineData("fill-mask", 30522, false)]
    [InlineData("text-generation", 30522, true)]
    public void Logits_per_token_are_read_as_labels_words_or_the_next_word(string task, int last, bool past)
    {
        var config = ModelConfig.Parse("""{"model_type":"m","id2label":{"0":"O","1":"B","2":"I"},"vocab_size":30522}""");
        List<ModelTensor> inputs = [Tensor("input_ids", "batch", "sequence")];
        List<ModelTensor> outputs = [Tensor("logits", "batch", "sequence", last)];
        if (past)
        {
            inputs.Add(Tensor("past_key_values.0.key", "batch", 4, "past", 8));
            outputs.Add(Tensor("present.0.key", "batch", 4, "total", 8));
        }

        var result = ModelAnalysis.Analyze(Model(Transformer, inputs, outputs, Ran(("logits", [1, 8, last]))), config);

        Assert.Equal((task, true), (result.Task!.Name, result.Task.Verified));
        Assert.Equal(past ? "transformer-decoder" : "transformer-encoder", result.Architecture!.Family);
    }

    [Fact]
    public void Question_answering_images_hidden_states_and_the_unrecognised_are_told_apart()
    {
        var qa = Model(Transformer, [Tensor("input_ids", "batch", "sequence")], [Tensor("start_logits", "batch", "sequence"), Tensor("end_logits", "batch", "sequence")],
            Ran(("start_logits", [1, 8]), ("end_logits", [1, 8])));
        var cnn = Model(new() { ["Conv"] = 20, ["Relu"] = 20 }, [Tensor("pixel_values", "batch", 3, 224, 224)], [Tensor("prob", "batch", 1000, 1, 1)], Ran(("prob", [1, 1000, 1, 1])));
        var encoder = Model(Transformer, [Tensor("input_ids", "batch", "sequence")], [Tensor("last_hidden_state", "batch", "sequence", 384)], null);
        var other = Model(new() { ["LSTM"] = 2 }, [Tensor("input", "batch", "sequence")], [Tensor("output", "batch", 1)], null);

        Assert.Equal(("question-answering", true), Of(qa));
        Assert.Equal(("image-classification", true), Of(cnn));
        Assert.Equal("cnn", ModelAnalysis.Analyze(cnn, null).Architecture!.Family);
        Assert.Equal(("feature-extraction", false), Of(encoder));
        Assert.Equal(("unknown", false), Of(other));
        Assert.Equal("rnn", ModelAnalysis.Analyze(other, null).Architecture!.Family);
    }

    private static (string, bool) Of(ModelValidation model) => ModelAnalysis.Analyze(model, null).Task is { } task ? (task.Name, task.Verified) : ("none", false);

    private static ModelValidation Model(Dictionary<string, long> ops, List<ModelTensor> inputs, List<ModelTensor> outputs, ModelProbe? probe) =>
        new() { File = "model.onnx", Format = "onnx", IrVersion = 8, Ops = ops, Inputs = inputs, Outputs = outputs, Probe = probe };

    private static ModelTensor Tensor(string name, params object[] shape) =>
        new() { Name = name, Dtype = name.Contains("ids", StringComparison.Ordinal) ? "int64" : "float32", Shape = [.. shape.Select(d => d is string s ? (JsonNode?)s : JsonValue.Create(Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)))] };

    private static ModelProbe Ran(params (string Name, long[] Shape)[] outputs) =>
        new() { Loaded = true, Ran = true, Outputs = [.. outputs.Select(o => new ModelTensor { Name = o.Name, Dtype = "float32", Shape = [.. o.Shape.Select(d => (JsonNode?)JsonValue.Create(d))] })] };
}
