using System.CommandLine;
using HubPlatform.Hub;

namespace HubPlatform.Cli;

/// <summary>Options several commands share, parsed into the contract types at the edge.</summary>
internal static class CommonOptions
{
    public static Option<string> RepoType() => new("--type", "--repo-type")
    {
        Description = "Repository type: model, dataset or space.",
        DefaultValueFactory = _ => "model",
    };

    public static Option<string?> Revision() => new("--revision")
    {
        Description = "Branch, tag or commit (default: main).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of text.",
    };

    public static Argument<string> Repo() => new("REPO")
    {
        Description = "Repository id, such as acme/tiny-bert.",
    };

    public static RepoType ParseType(string value) => RepoTypeExtensions.Parse(value);

    public static Revision? ParseRevision(string? value) => value is null ? null : Hub.Revision.Parse(value);
}
