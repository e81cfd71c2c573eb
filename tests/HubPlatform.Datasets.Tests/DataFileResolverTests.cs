using HubPlatform.Cards;

namespace HubPlatform.Datasets.Tests;

public sealed class DataFileResolverTests
{
    [Fact]
    public void One_data_file_is_the_train_split_of_the_default_config()
    {
        var layout = DataFileResolver.Resolve(null, ["README.md", ".gitattributes", "data.csv"]);

        var config = Assert.Single(layout.Configs);
        Assert.Equal(("default", true, null), (config.Name, config.IsDefault, config.Error));
        Assert.Equal(["train: data.csv"], Splits(config));
    }

    [Fact]
    public void Split_keywords_in_file_names_make_splits_ordered_train_validation_test()
    {
        var layout = DataFileResolver.Resolve(null, ["test.csv", "my_train_file.csv", "validation1.csv", "dev-extra.csv", "notes.csv", "contest.csv"]);

        Assert.Equal(
            ["train: my_train_file.csv", "validation: dev-extra.csv, validation1.csv", "test: test.csv"],
            Splits(layout.Configs[0]));
    }

    [Fact]
    public void Split_keywords_in_folder_names_win_over_file_names()
    {
        var layout = DataFileResolver.Resolve(null, ["train/a.parquet", "train/b.parquet", "data/testing-2024/x.parquet", "eval.parquet"]);

        Assert.Equal(["train: train/a.parquet, train/b.parquet", "test: data/testing-2024/x.parquet"], Splits(layout.Configs[0]));
    }

    [Fact]
    public void Sharded_names_under_data_give_their_own_split_names()
    {
        var layout = DataFileResolver.Resolve(null,
            ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet", "data/holdout-00000-of-00001.parquet", "data/test-00000-of-00001-abc.parquet"]);

        Assert.Equal(
            ["train: data/train-00000-of-00002.parquet, data/train-00001-of-00002.parquet", "test: data/test-00000-of-00001-abc.parquet", "holdout: data/holdout-00000-of-00001.parquet"],
            Splits(layout.Configs[0]));
    }

    [Fact]
    public void The_most_common_data_format_is_the_one_read_and_hidden_or_private_files_are_not_data()
    {
        var layout = DataFileResolver.Resolve(null, ["a.jsonl", "b.jsonl", "c.csv", ".hidden/x.jsonl", "__pycache__/y.jsonl", "script.py"]);

        Assert.Equal(["train: a.jsonl, b.jsonl"], Splits(layout.Configs[0]));
    }

    [Fact]
    public void A_repository_without_data_files_is_a_config_with_an_error()
    {
        var layout = DataFileResolver.Resolve(null, ["README.md", "model.bin"]);

        Assert.Contains("No data files", layout.Configs[0].Error, StringComparison.Ordinal);
        Assert.Empty(layout.Configs[0].Splits);
    }

    [Fact]
    public void Card_configs_name_their_splits_with_globs_and_the_default_config_comes_first()
    {
        var card = Card.Parse("""
            ---
            configs:
              - config_name: small
                data_files: "small/*.csv"
              - config_name: main
                default: true
                data_files:
                  - split: train
                    path: "data/train-*.parquet"
                  - split: test
                    path: ["holdout/a.parquet", "holdout/b.parquet"]
              - config_name: mapped
                data_files: { train: "m/train.csv", validation: "m/val/**" }
              - config_name: bydir
                data_dir: extra
              - config_name: broken
                data_files: "nothing-here/*.csv"
            ---
            """).DatasetData;
        string[] paths = ["small/a.csv", "small/sub/b.csv", "data/train-1.parquet", "data/train-2.parquet", "holdout/a.parquet", "holdout/b.parquet",
            "m/train.csv", "m/val/x/1.csv", "extra/test.csv", "extra/train.csv", "other.csv"];

        var layout = DataFileResolver.Resolve(card, paths);

        Assert.Equal(["main", "small", "mapped", "bydir", "broken"], layout.Configs.Select(c => c.Name));
        Assert.True(layout.Configs[0].IsDefault);
        Assert.Equal(["train: data/train-1.parquet, data/train-2.parquet", "test: holdout/a.parquet, holdout/b.parquet"], Splits(layout.Configs[0]));
        Assert.Equal(["train: small/a.csv"], Splits(layout.Configs[1]));
        Assert.Equal(["train: m/train.csv", "validation: m/val/x/1.csv"], Splits(layout.Configs[2]));
        Assert.Equal(["train: extra/train.csv", "test: extra/test.csv"], Splits(layout.Configs[3]));
        Assert.Contains("No data file matches", layout.Configs[4].Error, StringComparison.Ordinal);
    }

    // "split: file, file" per split, since records with list members compare by reference.
    private static List<string> Splits(ConfigLayout config) => [.. config.Splits.Select(s => $"{s.Name}: {string.Join(", ", s.Files)}")];
}
