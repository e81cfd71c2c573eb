namespace HubPlatform.Datasets;

/// <summary>A dataset's configurations, each with its splits and their data files.</summary>
/// <param name="Configs">The configurations, the default one first.</param>
public sealed record DatasetLayout(IReadOnlyList<ConfigLayout> Configs);

/// <summary>One configuration (subset) of a dataset.</summary>
/// <param name="Name">Its name (<c>default</c> when the card names none).</param>
/// <param name="IsDefault">Whether it is the default one.</param>
/// <param name="Splits">Its splits, <c>train</c>, <c>validation</c> and <c>test</c> first.</param>
/// <param name="Error">Why it cannot be served (no data file matches, say), or null.</param>
public sealed record ConfigLayout(string Name, bool IsDefault, IReadOnlyList<SplitLayout> Splits, string? Error = null);

/// <summary>One split and its data files, repository paths in order.</summary>
/// <param name="Name">The split name.</param>
/// <param name="Files">The data files.</param>
public sealed record SplitLayout(string Name, IReadOnlyList<string> Files);
